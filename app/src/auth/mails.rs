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
