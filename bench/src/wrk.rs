//! The ceiling rows, measured with `wrk` (a C load generator, `scripts/setup.sh bench`): the
//! bench's own Rust client costs more CPU per request than the server's cheapest handler, so its
//! `/healthz` row shows the client's limit, not the server's.

use crate::ADDR;
use std::process::Command;

pub struct Wrk {
    pub rps: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

/// `wrk -t2 -c32 -d4s --latency` against `path`, with the session cookie when given; `None` when
/// wrk is missing or every request failed.
pub fn run(path: &str, cookie: Option<&str>) -> Option<Wrk> {
    let mut cmd = Command::new("wrk");
    cmd.args(["-t2", "-c32", "-d4s", "--latency"]);
    if let Some(c) = cookie {
        cmd.args(["-H", &format!("Cookie: {c}")]);
    }
    let out = cmd.arg(format!("http://{ADDR}{path}")).output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    if text.contains("Non-2xx or 3xx responses") {
        eprintln!("wrk {path}: some answers were not 2xx/3xx");
        return None;
    }
    parse(&text)
}

fn parse(text: &str) -> Option<Wrk> {
    let field = |prefix: &str| {
        text.lines()
            .map(str::trim)
            .find_map(|l| l.strip_prefix(prefix))
            .map(|rest| rest.trim().to_string())
    };
    Some(Wrk {
        rps: field("Requests/sec:")?.parse().ok()?,
        p50_ms: millis(&field("50%")?)?,
        p99_ms: millis(&field("99%")?)?,
    })
}

/// wrk's durations: "812.00us", "1.23ms", "2.01s".
fn millis(s: &str) -> Option<f64> {
    let (number, factor) = if let Some(n) = s.strip_suffix("us") {
        (n, 0.001)
    } else if let Some(n) = s.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = s.strip_suffix('s') {
        (n, 1000.0)
    } else {
        return None;
    };
    Some(number.trim().parse::<f64>().ok()? * factor)
}

pub fn row(name: &str, w: &Wrk) {
    println!(
        "{name:<44} {:>9.0} req/s   p50 {:>7.2} ms   p99 {:>7.2} ms   (wrk -t2 -c32 -d4s)",
        w.rps, w.p50_ms, w.p99_ms
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_rate_and_the_latency_distribution_of_a_wrk_report() {
        let report = "Running 4s test @ http://127.0.0.1:3200/healthz
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   434.30us  300.12us  10.00ms   90.00%
  Latency Distribution
     50%  380.00us
     75%  500.00us
     90%  700.00us
     99%    1.52ms
  293201 requests in 4.00s, 30.20MB read
Requests/sec:  73300.25
Transfer/sec:      7.55MB
";
        let w = parse(report).expect("a full report");
        assert_eq!(w.rps, 73300.25);
        assert!((w.p50_ms - 0.38).abs() < 1e-9);
        assert!((w.p99_ms - 1.52).abs() < 1e-9);
        assert!(parse("connection refused").is_none());
        assert_eq!(millis("2.5s"), Some(2500.0));
    }
}
