//! Topics as students and contributors see them: the list of open topics, a topic's page with
//! its sign-up form, signing up (mailed to the student and the supervisors), their own
//! sign-ups with the decisions, and withdrawing a pending one.

use super::rules::{self, Kind, SignupForm, SignupStatus, TopicStatus};
use super::store::{self, Topic, today};
use crate::infra::mail;
use crate::web::error::{AppError, AppResult, id_in_path};
use crate::web::forms::{CsrfForm, Empty, Errors};
use crate::web::i18n::Lang;
use crate::web::layout::{Layout, render, unprocessable};
use crate::web::mails::{self, MailKind};
use crate::web::session::{Member, Role, Visitor};
use crate::web::state::AppState;
use askama::Template;
use axum::extract::{Path, RawQuery, State};

use axum::response::{IntoResponse, Redirect, Response};
use uuid::Uuid;

pub struct Listed {
    pub id: Uuid,
    pub title: String,
    pub summary: String,
    pub kind: &'static str,
    pub line: String,
    pub deadline: String,
}

#[derive(Template)]
#[template(path = "topics/list.html")]
struct List {
    layout: Layout,
    topics: Vec<Listed>,
    kinds: Vec<(&'static str, &'static str, bool)>,
    lines: Vec<(String, String, bool)>,
    /// Researchers get the way to a new topic and to the data's gaps.
    staff: bool,
}

pub async fn list(
    State(state): State<AppState>,
    visitor: Visitor,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(raw.as_deref().unwrap_or("")).unwrap_or_default();
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    let kind = get("kind").and_then(|k| Kind::parse(&k));
    let line = get("line").filter(|l| !l.is_empty());
    let lang = visitor.lang;
    let rows = store::open_topics(&state.db, kind, line.as_deref()).await?;
    let lines = store::lines(&state.db)
        .await?
        .into_iter()
        .map(|r| {
            let selected = line.as_deref() == Some(r.slug.as_str());
            (
                r.slug,
                if lang == Lang::Nl {
                    r.name_nl
                } else {
                    r.name_en
                },
                selected,
            )
        })
        .collect();
    render(&List {
        staff: visitor
            .user
            .as_ref()
            .is_some_and(|u| u.role >= Role::Researcher),
        layout: visitor.layout().await?,
        topics: rows
            .into_iter()
            .map(|r| Listed {
                id: r.id,
                title: r.title,
                summary: r.summary,
                kind: r.kind.name(lang),
                line: if lang == Lang::Nl {
                    r.line_nl
                } else {
                    r.line_en
                },
                deadline: r.deadline.to_string(),
            })
            .collect(),
        kinds: Kind::ALL
            .iter()
            .map(|k| (k.slug(), k.name(lang), kind == Some(*k)))
            .collect(),
        lines,
    })
}

#[derive(Template)]
#[template(path = "topics/page.html")]
struct Page {
    layout: Layout,
    topic: Topic,
    kind: &'static str,
    line: String,
    open: bool,
    full: bool,
    progress: Option<store::Progress>,
    runs_it: bool,
    /// The visitor's own sign-up: its status.
    mine: Option<SignupStatus>,
    can_sign_up: bool,
    verified: bool,
    form: SignupForm,
    errors: Errors,
    /// The levels to choose from: slug and translation key.
    levels: &'static [(&'static str, &'static str)],
}

async fn page_of(
    state: &AppState,
    visitor: &Visitor,
    topic: Topic,
    form: SignupForm,
    errors: Errors,
) -> AppResult<Page> {
    let lang = visitor.lang;
    let user = visitor.user.clone();
    let runs_it = user.as_ref().is_some_and(|u| topic.run_by(u));
    let mine = match &user {
        Some(u) => store::status_of(&state.db, topic.id, u.id).await?,
        None => None,
    };
    let open = topic.taking_signups(today());
    Ok(Page {
        kind: topic.kind.name(lang),
        line: if lang == Lang::Nl {
            topic.line_nl.clone()
        } else {
            topic.line_en.clone()
        },
        open,
        full: topic.places().full(),
        progress: store::progress(&state.db, &state.hardware.now(), &topic).await?,
        runs_it,
        can_sign_up: open && user.is_some() && mine.is_none(),
        verified: user.as_ref().is_some_and(|u| u.verified),
        mine,
        layout: if user.is_some() {
            visitor.layout_with_form().await?
        } else {
            visitor.layout().await?
        },
        topic,
        form,
        errors,
        levels: &super::rules::LEVELS,
    })
}

/// A topic exists for the public once it is no longer a draft; its supervisors and admins see
/// drafts.
async fn visible(state: &AppState, visitor: &Visitor, id: Uuid) -> AppResult<Topic> {
    let topic = store::topic(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let staff = visitor.user.as_ref().is_some_and(|u| topic.run_by(u));
    if topic.status == TopicStatus::Draft && !staff {
        return Err(AppError::NotFound);
    }
    Ok(topic)
}

pub async fn page(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let topic = visible(&state, &visitor, id_in_path(&id)?).await?;
    let page = page_of(
        &state,
        &visitor,
        topic,
        SignupForm::default(),
        Errors::default(),
    )
    .await?;
    render(&page)
}

pub async fn sign_up(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CsrfForm { visitor, form }: CsrfForm<SignupForm>,
) -> AppResult<Response> {
    let id = id_in_path(&id)?;
    let user = visitor.require(Role::Member)?;
    if !user.verified {
        return Err(AppError::Forbidden);
    }
    let topic = visible(&state, &visitor, id).await?;
    let lang = visitor.lang;
    let mut errors = Errors::default();
    if !topic.taking_signups(today()) {
        errors.add("topic", crate::web::i18n::t(lang, "signup-error-closed"));
        return refuse(&state, &visitor, topic, form, errors).await;
    }
    let draft = match rules::check_signup(&form, lang) {
        Ok(d) => d,
        Err(errors) => return refuse(&state, &visitor, topic, form, errors).await,
    };
    let mut tx = state.db.begin().await?;
    let status = SignupStatus::new_in(topic.places());
    let Some(signup) = store::insert_signup(&mut tx, id, user.id, &draft, status).await? else {
        errors.add("topic", crate::web::i18n::t(lang, "signup-error-duplicate"));
        return refuse(&state, &visitor, topic, form, errors).await;
    };
    let base = &state.config.base_url;
    mail::enqueue(
        &mut tx,
        &mails::compose(
            user.language,
            &user.email,
            &MailKind::SignupReceived {
                path: "/signups".into(),
                topic: topic.title.clone(),
            },
            base,
        ),
    )
    .await?;
    for s in store::supervisors_to_tell(&mut tx, id).await? {
        let lang = Lang::from_code(&s.language).unwrap_or_default();
        mail::enqueue(
            &mut tx,
            &mails::compose(
                lang,
                &s.email,
                &MailKind::SignupNotice {
                    path: format!("/topics/{id}/dashboard#s-{signup}"),
                    topic: topic.title.clone(),
                },
                base,
            ),
        )
        .await?;
    }
    tx.commit().await?;
    visitor
        .flash(if status == SignupStatus::Waitlisted {
            "flash-signup-waitlisted"
        } else {
            "flash-signup-received"
        })
        .await?;
    Ok(Redirect::to("/signups").into_response())
}

/// The topic's page again, with the form as sent and what is wrong with it.
async fn refuse(
    state: &AppState,
    visitor: &Visitor,
    topic: Topic,
    form: SignupForm,
    errors: Errors,
) -> AppResult<Response> {
    unprocessable(&page_of(state, visitor, topic, form, errors).await?)
}

pub struct MySignup {
    pub id: Uuid,
    pub topic: Uuid,
    pub title: String,
    pub status: SignupStatus,
    pub message: String,
    pub date: String,
}

#[derive(Template)]
#[template(path = "topics/mine.html")]
struct Mine {
    layout: Layout,
    signups: Vec<MySignup>,
}

pub async fn mine(
    State(state): State<AppState>,
    Member(visitor, user): Member,
) -> AppResult<Response> {
    let signups = store::signups_of(&state.db, user.id)
        .await?
        .into_iter()
        .map(|r| MySignup {
            id: r.id,
            topic: r.topic_id,
            title: r.title,
            status: r.status,
            message: r.message,
            date: r.created_at.date().to_string(),
        })
        .collect();
    render(&Mine {
        layout: visitor.layout_with_form().await?,
        signups,
    })
}

/// Withdraws a pending sign-up of one's own; anyone else's is a page that does not exist.
pub async fn withdraw(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CsrfForm { visitor, .. }: CsrfForm<Empty>,
) -> AppResult<Response> {
    let id = id_in_path(&id)?;
    let user = visitor.require(Role::Member)?;
    if !store::withdraw(&state.db, id, user.id).await? {
        return Err(AppError::NotFound);
    }
    visitor.flash("flash-signup-withdrawn").await?;
    Ok(Redirect::to("/signups").into_response())
}

/// The 30 newest open topics as Atom.
pub async fn feed(State(state): State<AppState>) -> AppResult<Response> {
    let base = state.config.base_url.trim_end_matches('/');
    let rows = store::newest_open(&state.db).await?;
    let feed = crate::web::atom::Feed {
        title: "Green AI Hub — research topics".into(),
        self_href: format!("{base}/topics/feed.atom"),
        alternate: format!("{base}/topics"),
        entries: rows
            .into_iter()
            .map(|r| crate::web::atom::Entry {
                href: format!("{base}/topics/{}", r.id),
                id: r.id,
                title: r.title,
                lang: String::new(),
                published: r.created_at,
                updated: r.updated_at,
                author: "Green AI Hub".into(),
                category: r.kind,
                html: format!(
                    "<p>{}</p>{}",
                    crate::web::atom::xml(&r.summary),
                    r.description_html
                ),
            })
            .collect(),
    };
    Ok(feed.response())
}
