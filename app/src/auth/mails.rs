//! The texts of sign-in e-mails, in the shopper's language. None carries text the caller chose
//! (the name typed at registration): these go to addresses nobody has confirmed yet, and anyone
//! can register any address, so a name would let strangers send their words from our domain.

use crate::context::Viewer;
use crate::domain::{Email, MemberId};
use crate::i18n::Lang;
use crate::platform::mail::Mail;

pub fn welcome(lang: Lang, to: &Email, member: MemberId, link: &str) -> Mail {
    let (subject, body) = match lang {
        Lang::Ru => (
            "Подтвердите e-mail — Kabinet".to_string(),
            format!(
                "Здравствуйте!\n\nВы зарегистрировались в Kabinet. Ваш member ID: {member}.\n\n\
                 Подтвердите адрес, открыв ссылку:\n{link}\n\nЕсли это были не вы, просто удалите письмо.\n"
            ),
        ),
        Lang::En => (
            "Confirm your e-mail — Kabinet".to_string(),
            format!(
                "Hello!\n\nYou have registered with Kabinet. Your member ID: {member}.\n\n\
                 Confirm your address by opening this link:\n{link}\n\nIf this wasn't you, just delete this e-mail.\n"
            ),
        ),
    };
    Mail {
        to: to.as_str().into(),
        subject,
        body,
    }
}

pub fn reset_password(lang: Lang, to: &Email, link: &str) -> Mail {
    let (subject, body) = match lang {
        Lang::Ru => (
            "Восстановление пароля — Kabinet".to_string(),
            format!(
                "Чтобы задать новый пароль, откройте ссылку (она действует 1 час и один раз):\n{link}\n\n\
                 Если вы не запрашивали сброс, ничего не делайте: пароль останется прежним.\n"
            ),
        ),
        Lang::En => (
            "Reset your password — Kabinet".to_string(),
            format!(
                "To set a new password, open this link (valid for 1 hour, once):\n{link}\n\n\
                 If you didn't ask for this, do nothing: your password stays as it is.\n"
            ),
        ),
    };
    Mail {
        to: to.as_str().into(),
        subject,
        body,
    }
}

pub fn member_id(lang: Lang, to: &Email, user: &Viewer) -> Mail {
    let (subject, body) = match lang {
        Lang::Ru => (
            "Ваш member ID — Kabinet".to_string(),
            format!("Здравствуйте!\n\nВаш member ID: {}.\n", user.member_id),
        ),
        Lang::En => (
            "Your member ID — Kabinet".to_string(),
            format!("Hello!\n\nYour member ID: {}.\n", user.member_id),
        ),
    };
    Mail {
        to: to.as_str().into(),
        subject,
        body,
    }
}

/// A security notice: subject and body in the shopper's language, to `to`.
fn notice(lang: Lang, to: &str, ru: (&str, String), en: (&str, String)) -> Mail {
    let (subject, body) = match lang {
        Lang::Ru => ru,
        Lang::En => en,
    };
    Mail {
        to: to.into(),
        subject: format!("{subject} — Kabinet"),
        body,
    }
}

pub fn password_changed(lang: Lang, to: &str, base: &str) -> Mail {
    notice(
        lang,
        to,
        (
            "Пароль изменён",
            format!(
                "Здравствуйте!\n\nПароль вашего аккаунта Kabinet только что изменён; все другие сеансы завершены.\n\n\
                 Если это были не вы, восстановите доступ: {base}/password/forgot\n"
            ),
        ),
        (
            "Your password was changed",
            format!(
                "Hello!\n\nThe password of your Kabinet account has just been changed; every other session has ended.\n\n\
                 If this wasn't you, recover your account: {base}/password/forgot\n"
            ),
        ),
    )
}

pub fn new_device(lang: Lang, to: &str, device: &str, network: &str, base: &str) -> Mail {
    let unknown = lang.pick("неизвестное устройство", "unknown device");
    let device = if device.is_empty() { unknown } else { device };
    notice(
        lang,
        to,
        (
            "Вход с нового устройства",
            format!(
                "Здравствуйте!\n\nВ ваш аккаунт Kabinet вошли с нового устройства: {device}, сеть {network}.\n\n\
                 Если это были не вы, завершите сеанс и смените пароль: {base}/account/settings/security\n"
            ),
        ),
        (
            "Sign-in from a new device",
            format!(
                "Hello!\n\nYour Kabinet account was signed in from a new device: {device}, network {network}.\n\n\
                 If this wasn't you, end that session and change your password: {base}/account/settings/security\n"
            ),
        ),
    )
}

/// To the new address: the link that makes it the account's e-mail.
pub fn email_change_link(lang: Lang, to: &str, link: &str) -> Mail {
    notice(
        lang,
        to,
        (
            "Подтвердите новый e-mail",
            format!(
                "Здравствуйте!\n\nЧтобы этот адрес стал e-mail вашего аккаунта Kabinet, откройте ссылку \
                 (она действует 24 часа и один раз):\n{link}\n\nЕсли вы не меняли e-mail, просто удалите письмо.\n"
            ),
        ),
        (
            "Confirm your new e-mail",
            format!(
                "Hello!\n\nTo make this address the e-mail of your Kabinet account, open this link \
                 (valid for 24 hours, once):\n{link}\n\nIf you didn't change your e-mail, just delete this message.\n"
            ),
        ),
    )
}

/// To the old address when a change is asked for: it stays in force until the link is opened.
pub fn email_change_notice(lang: Lang, to: &str, base: &str) -> Mail {
    notice(
        lang,
        to,
        (
            "Запрошена смена e-mail",
            format!(
                "Здравствуйте!\n\nДля вашего аккаунта Kabinet запрошена смена e-mail. Пока новый адрес не подтверждён, \
                 действует этот.\n\nЭто были не вы? Смените пароль и завершите чужие сеансы: {base}/account/settings/security \
                 — или восстановите доступ: {base}/password/forgot\n"
            ),
        ),
        (
            "E-mail change requested",
            format!(
                "Hello!\n\nA change of e-mail was asked for on your Kabinet account. Until the new address is confirmed, \
                 this one stays in force.\n\nWasn't you? Change your password and end other sessions: {base}/account/settings/security \
                 — or recover your account: {base}/password/forgot\n"
            ),
        ),
    )
}

/// To an address that already belongs to an account, when another account asked to move to it.
pub fn email_in_use(lang: Lang, to: &str) -> Mail {
    notice(
        lang,
        to,
        (
            "Попытка привязать ваш e-mail",
            "Здравствуйте!\n\nКто-то попросил сделать ваш адрес e-mail другого аккаунта Kabinet. Адрес уже ваш, \
             поэтому ничего не изменилось. Делать ничего не нужно.\n"
                .to_string(),
        ),
        (
            "Someone tried to use your e-mail",
            "Hello!\n\nSomeone asked to make your address the e-mail of another Kabinet account. It is already yours, \
             so nothing has changed. You don't need to do anything.\n"
                .to_string(),
        ),
    )
}

pub fn two_step_changed(lang: Lang, to: &str, on: bool) -> Mail {
    let (ru, en) = if on {
        ("включён", "turned on")
    } else {
        ("выключен", "turned off")
    };
    notice(
        lang,
        to,
        (
            "Двухэтапный вход",
            format!("Здравствуйте!\n\nДвухэтапный вход в ваш аккаунт Kabinet {ru}.\n"),
        ),
        (
            "Two-step sign-in",
            format!("Hello!\n\nTwo-step sign-in on your Kabinet account has been {en}.\n"),
        ),
    )
}

/// A new way to sign in was added to the account: `way` as (Russian, English), e.g. "ключ
/// доступа" / "a passkey". Nothing the caller typed (a passkey's name) is repeated.
pub fn way_added(lang: Lang, to: &str, way: (&str, &str), base: &str) -> Mail {
    let (ru, en) = way;
    notice(
        lang,
        to,
        (
            "Новый способ входа",
            format!(
                "Здравствуйте!\n\nК вашему аккаунту Kabinet только что добавлен способ входа: {ru}.\n\n\
                 Если это были не вы, удалите его в настройках безопасности ({base}/account/settings/security) и смените пароль.\n"
            ),
        ),
        (
            "A new way to sign in",
            format!(
                "Hello!\n\nA way to sign in has just been added to your Kabinet account: {en}.\n\n\
                 If this wasn't you, remove it in the security settings ({base}/account/settings/security) and change your password.\n"
            ),
        ),
    )
}
