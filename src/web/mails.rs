//! The mails the platform sends, each in Dutch or English with a text and an HTML part, and
//! links built from `BASE_URL`.

use crate::infra::mail::Mail;
use crate::web::i18n::{Lang, t, tf};
use askama::Template;

/// What a mail is about; links are paths on this site (`/verify/…`).
#[derive(Clone, Debug)]
pub enum MailKind {
    /// Confirm the address of a new account.
    VerifyEmail { path: String },
    /// Someone tried to register with an address that has an account.
    AlreadyRegistered,
    /// A link to choose a new password.
    ResetPassword { path: String },
    /// Confirm a new address for an existing account (sent to the new address).
    ConfirmNewEmail { path: String },
    /// The address of the account changed (sent to the old address).
    EmailChanged { new_email: String },
    /// The password changed.
    PasswordChanged,
    /// The account was deleted.
    AccountDeleted,
    /// A moderator rejected a measurement, with a reason.
    MeasurementRejected { path: String, reason: String },
    /// A moderator rejected several of the recipient's measurements (an upload), with one
    /// reason: one mail, not one a measurement.
    MeasurementsRejected { count: usize, reason: String },
    /// A moderator hid an insight or comment of the recipient's, with a reason.
    InsightHidden { path: String, reason: String },
    /// A moderator made it visible again.
    InsightRestored { path: String },
    /// A student's sign-up for a topic arrived (to the student).
    SignupReceived { path: String, topic: String },
    /// Someone signed up for a topic (to its supervisors).
    SignupNotice { path: String, topic: String },
    /// A sign-up nobody decided on in time was closed (to the student).
    SignupClosed { path: String, topic: String },
    /// A supervisor decided on a sign-up (to the student), with an optional message.
    SignupDecided {
        path: String,
        topic: String,
        decision: String,
        message: String,
    },
}

#[derive(Template)]
#[template(path = "mail/layout.html")]
struct Html<'a> {
    lang: &'a str,
    subject: &'a str,
    paragraphs: Vec<&'a str>,
    link: Option<&'a str>,
    button: &'a str,
    footer: &'a str,
}

/// A mail's three translation keys, `<key>-subject`, `<key>-body` and `<key>-button`, as
/// literals.
macro_rules! keys {
    ($key:literal) => {
        (
            concat!($key, "-subject"),
            concat!($key, "-body"),
            concat!($key, "-button"),
        )
    };
}

/// A mail's keys (subject, body, button), its link, and the arguments of its messages.
type Keyed<'a> = (
    (&'static str, &'static str, &'static str),
    Option<String>,
    Vec<(&'a str, String)>,
);

/// Writes a mail in `lang` to `to`.
pub fn compose(lang: Lang, to: &str, kind: &MailKind, base_url: &str) -> Mail {
    let base = base_url.trim_end_matches('/');
    let ((subject, body, button), link, extra): Keyed = match kind {
        MailKind::VerifyEmail { path } => {
            (keys!("mail-verify"), Some(format!("{base}{path}")), vec![])
        }
        MailKind::AlreadyRegistered => (
            keys!("mail-already"),
            Some(format!("{base}/password/forgot")),
            vec![],
        ),
        MailKind::ResetPassword { path } => {
            (keys!("mail-reset"), Some(format!("{base}{path}")), vec![])
        }
        MailKind::ConfirmNewEmail { path } => (
            keys!("mail-new-email"),
            Some(format!("{base}{path}")),
            vec![],
        ),
        MailKind::EmailChanged { new_email } => (
            keys!("mail-email-changed"),
            None,
            vec![("email", new_email.clone())],
        ),
        MailKind::PasswordChanged => (keys!("mail-password-changed"), None, vec![]),
        MailKind::AccountDeleted => (keys!("mail-deleted"), None, vec![]),
        MailKind::MeasurementRejected { path, reason } => (
            keys!("mail-rejected"),
            Some(format!("{base}{path}")),
            vec![("reason", reason.clone())],
        ),
        MailKind::MeasurementsRejected { count, reason } => (
            keys!("mail-rejected-many"),
            Some(format!("{base}/measurements/mine")),
            vec![("count", count.to_string()), ("reason", reason.clone())],
        ),
        MailKind::InsightHidden { path, reason } => (
            keys!("mail-insight-hidden"),
            Some(format!("{base}{path}")),
            vec![("reason", reason.clone())],
        ),
        MailKind::InsightRestored { path } => (
            keys!("mail-insight-restored"),
            Some(format!("{base}{path}")),
            vec![],
        ),
        MailKind::SignupReceived { path, topic } => (
            keys!("mail-signup-received"),
            Some(format!("{base}{path}")),
            vec![("topic", topic.clone())],
        ),
        MailKind::SignupNotice { path, topic } => (
            keys!("mail-signup-notice"),
            Some(format!("{base}{path}")),
            vec![("topic", topic.clone())],
        ),
        MailKind::SignupClosed { path, topic } => (
            keys!("mail-signup-closed"),
            Some(format!("{base}{path}")),
            vec![("topic", topic.clone())],
        ),
        MailKind::SignupDecided {
            path,
            topic,
            decision,
            message,
        } => (
            keys!("mail-signup-decided"),
            Some(format!("{base}{path}")),
            vec![
                ("topic", topic.clone()),
                ("decision", decision.clone()),
                ("message", message.clone()),
            ],
        ),
    };
    let args: Vec<(&str, &str)> = extra.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let subject = tf(lang, subject, &args);
    let body = tf(lang, body, &args);
    let button = if link.is_some() { t(lang, button) } else { "" };
    let footer = t(lang, "mail-footer");
    let mut text = format!("{body}\n");
    if let Some(link) = &link {
        text.push_str(&format!("\n{button}:\n{link}\n"));
    }
    text.push_str(&format!("\n-- \n{footer}\n"));
    let html = Html {
        lang: lang.code(),
        subject: &subject,
        paragraphs: body.split("\n").collect(),
        link: link.as_deref(),
        button,
        footer,
    }
    .render()
    .unwrap_or_else(|_| text.replace('<', "&lt;"));
    Mail {
        to: to.to_string(),
        subject,
        text,
        html,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mail_exists_in_both_languages_with_links_from_base_url() {
        let kinds = [
            MailKind::VerifyEmail {
                path: "/verify/abc".into(),
            },
            MailKind::AlreadyRegistered,
            MailKind::ResetPassword {
                path: "/password/reset/abc".into(),
            },
            MailKind::ConfirmNewEmail {
                path: "/account/email/confirm/abc".into(),
            },
            MailKind::EmailChanged {
                new_email: "new@example.nl".into(),
            },
            MailKind::PasswordChanged,
            MailKind::AccountDeleted,
            MailKind::InsightHidden {
                path: "/insights/abc".into(),
                reason: "off topic".into(),
            },
            MailKind::InsightRestored {
                path: "/insights/abc".into(),
            },
            MailKind::SignupReceived {
                path: "/signups".into(),
                topic: "Measure Llama".into(),
            },
            MailKind::SignupNotice {
                path: "/topics/abc/dashboard".into(),
                topic: "Measure Llama".into(),
            },
            MailKind::SignupClosed {
                path: "/topics".into(),
                topic: "Measure Llama".into(),
            },
            MailKind::SignupDecided {
                path: "/signups".into(),
                topic: "Measure Llama".into(),
                decision: "accepted".into(),
                message: "Welcome".into(),
            },
            MailKind::MeasurementRejected {
                path: "/measurements/x".into(),
                reason: "units".into(),
            },
            MailKind::MeasurementsRejected {
                count: 4200,
                reason: "units".into(),
            },
        ];
        for kind in &kinds {
            let en = compose(Lang::En, "a@example.nl", kind, "https://hub.example/");
            let nl = compose(Lang::Nl, "a@example.nl", kind, "https://hub.example/");
            assert_ne!(en.subject, nl.subject, "{kind:?}");
            assert_ne!(en.text, nl.text, "{kind:?}");
            assert!(
                en.html.contains("<html lang=\"en\">") && nl.html.contains("<html lang=\"nl\">")
            );
            assert!(!en.text.contains("missing message") && !nl.text.contains("missing message"));
            if let MailKind::VerifyEmail { .. } = kind {
                assert!(en.text.contains("https://hub.example/verify/abc"));
                assert!(en.html.contains("href=\"https://hub.example/verify/abc\""));
            }
            if let MailKind::EmailChanged { .. } = kind {
                assert!(nl.text.contains("new@example.nl"));
            }
        }
    }
}
