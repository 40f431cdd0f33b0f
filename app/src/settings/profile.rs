//! `/account/settings/profile`: the name shown in the header and "about me" (at most 500
//! characters). Both are plain text: HTML typed in is shown as typed, never interpreted.

use super::forms::{done_flag, form_error, Input};
use crate::error::{AppError, Field};
use crate::forms::{FormAlert, Toast};
use crate::i18n::use_lang;
use crate::layout::{AccountShell, SettingsTabs};
use crate::texts;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub const PROFILE: &str = "/account/settings/profile";
/// "About me" is at most this many characters.
pub const ABOUT_MAX: usize = 500;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub name: String,
    pub about: String,
    /// The name is shown on the public profile.
    pub name_public: bool,
}

/// "About me" as saved: trimmed, line breaks kept, other control characters dropped.
pub fn parse_about(raw: &str) -> Result<String, AppError> {
    let about: String = raw
        .trim()
        .chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .collect();
    if about.chars().count() > ABOUT_MAX {
        return Err(AppError::TooLong(Field::About, ABOUT_MAX as u32));
    }
    Ok(about)
}

#[server(prefix = "/api", endpoint = "profile")]
pub async fn load_profile() -> Result<Profile, AppError> {
    let cx = crate::context::ctx()?;
    let (name, about, name_public) = crate::auth::profile::profile(&cx).await?;
    Ok(Profile {
        name,
        about,
        name_public,
    })
}

#[server(prefix = "/api", endpoint = "save_profile")]
pub async fn save_profile(
    name: String,
    about: String,
    name_public: Option<String>,
) -> Result<(), AppError> {
    let result = async {
        let name = crate::domain::PersonName::parse(&name)?;
        let about = parse_about(&about)?;
        let cx = crate::context::ctx()?;
        let shown = name_public.is_some_and(|v| !v.is_empty());
        crate::auth::profile::save_profile(&cx, name.as_str(), &about, shown).await
    }
    .await;
    crate::platform::answer(
        result,
        |_| format!("{PROFILE}?done=profile"),
        &format!("{PROFILE}?form=profile"),
    )
}

texts! {
    pub enum P {
        Title => "Личные данные", "Personal information";
        Name => "Имя", "Name";
        About => "О себе", "About me";
        AboutHint => "До 500 символов.", "Up to 500 characters.";
        NamePublic => "Показывать имя в публичном профиле", "Show my name on my public profile";
        Save => "Сохранить", "Save";
        Saved => "Личные данные сохранены.", "Personal information saved.";
        Photo => "Фото профиля", "Profile photo";
        PhotoHint => "JPEG, PNG или WebP до 5 МБ. Фото обрезается до квадрата и показывается рядом с вашим именем.",
                     "JPEG, PNG or WebP up to 5 MB. It is cut to a square and shown beside your name.";
        Preview => "Так будет выглядеть новое фото", "How the new photo will look";
        PreviewNote => "Фото ещё не сохранено: нажмите «Загрузить фото».", "Not saved yet: press “Upload photo”.";
        Upload => "Загрузить фото", "Upload photo";
        RemovePhoto => "Удалить фото", "Remove photo";
        PhotoSaved => "Фото сохранено.", "Photo saved.";
        PhotoRemoved => "Фото удалено.", "Photo removed.";
    }
}

#[component]
pub fn ProfilePage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(|| (), |_| load_profile());
    let error = form_error("profile");
    let done = done_flag();
    view! {
        <AccountShell>
            <h1>{P::Title.get(lang)}</h1>
            <SettingsTabs/>
            {move || done.get().map(|d| {
                let text = match d.as_str() {
                    "photo" => P::PhotoSaved,
                    "photo_removed" => P::PhotoRemoved,
                    _ => P::Saved,
                };
                view! { <Toast text=text.get(lang).to_string()/> }
            })}
            <PhotoForm/>
            <Transition fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
                {move || Suspend::new(async move {
                    let p = data.await?;
                    let about_error = move || error.get().filter(|e| e.field() == Some(Field::About)).map(|e| e.message(lang));
                    Ok::<_, AppError>(view! {
                        <FormAlert error/>
                        <form class="form" method="post" action="/api/save_profile" novalidate>
                            <Input form="profile" label=P::Name.get(lang) name="name" field=Field::Name error
                                autocomplete="name" max_len=100 value=p.name.clone()/>
                            <div class="field" class:field-invalid=move || about_error().is_some()>
                                <label for="profile-about">{P::About.get(lang)}</label>
                                <textarea id="profile-about" name="about" rows="5" maxlength=ABOUT_MAX.to_string()
                                    aria-describedby="profile-about-error profile-about-hint" inner_html=crate::web::textarea_text(&p.about)></textarea>
                                <p class="field-hint" id="profile-about-hint">{P::AboutHint.get(lang)}</p>
                                <p class="field-error" id="profile-about-error" role="alert">{about_error}</p>
                            </div>
                            <div class="field field-check">
                                <input type="checkbox" id="profile-name-public" name="name_public" value="1" checked=p.name_public/>
                                <label for="profile-name-public">{P::NamePublic.get(lang)}</label>
                            </div>
                            <button type="submit" class="btn btn-primary">{P::Save.get(lang)}</button>
                        </form>
                    }.into_any())
                })}
            </Transition>
        </AccountShell>
    }
    .into_any()
}

/// The photo: the current one, a file field and upload (a multipart form, also without
/// JavaScript), and removal.
#[component]
fn PhotoForm() -> impl IntoView {
    let lang = use_lang();
    let error = form_error("photo");
    let has_photo = crate::context::use_viewer().is_some_and(|v| v.photo);
    let msg = move || {
        error
            .get()
            .filter(|e| e.field() == Some(Field::Photos))
            .map(|e| e.message(lang))
    };
    // The chosen file, shown as the square it will be cut to, before it is sent (in the browser
    // only: without JavaScript the form just uploads).
    let preview = RwSignal::new(None::<String>);
    let on_pick = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            let input: web_sys::HtmlInputElement = event_target(&ev);
            if let Some(old) = preview.get_untracked() {
                let _ = web_sys::Url::revoke_object_url(&old);
            }
            let url = input
                .files()
                .and_then(|files| files.get(0))
                .filter(|file| file.type_().starts_with("image/"))
                .and_then(|file| web_sys::Url::create_object_url_with_blob(&file).ok());
            preview.set(url);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, preview);
    };
    view! {
        <section class="settings-block" id="photo" aria-labelledby="photo-title">
            <h2 id="photo-title">{P::Photo.get(lang)}</h2>
            {has_photo.then(|| view! {
                <img class="profile-photo" src="/account/settings/photo" alt=P::Photo.get(lang)
                    width="128" height="128" data-testid="profile-photo"/>
            })}
            <form class="form" method="post" action="/api/save_photo" enctype="multipart/form-data">
                <div class="field" class:field-invalid=move || msg().is_some()>
                    <label for="photo-file">{P::Photo.get(lang)}</label>
                    <input id="photo-file" name="photos" type="file" accept="image/jpeg,image/png,image/webp"
                        aria-describedby="photo-file-error photo-file-hint" on:change=on_pick/>
                    <p class="field-hint" id="photo-file-hint">{P::PhotoHint.get(lang)}</p>
                    <p class="field-error" id="photo-file-error" role="alert">{msg}</p>
                </div>
                {move || preview.get().map(|src| view! {
                    <figure class="photo-preview" aria-live="polite">
                        <img class="profile-photo" src=src alt=P::Preview.get(lang)
                            width="128" height="128" data-testid="photo-preview"/>
                        <figcaption>{P::Preview.get(lang)}". "{P::PreviewNote.get(lang)}</figcaption>
                    </figure>
                })}
                <button type="submit" class="btn btn-primary">{P::Upload.get(lang)}</button>
            </form>
            {has_photo.then(|| view! {
                <form method="post" action="/api/remove_photo">
                    <button type="submit" class="btn">{P::RemovePhoto.get(lang)}</button>
                </form>
            })}
        </section>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn about_is_at_most_500_characters_of_text() {
        assert_eq!(
            parse_about("  привет\r\nмир "),
            Ok("привет\nмир".to_string())
        );
        assert_eq!(
            parse_about(&"я".repeat(500)).map(|a| a.chars().count()),
            Ok(500)
        );
        assert_eq!(
            parse_about(&"я".repeat(501)),
            Err(AppError::TooLong(Field::About, 500))
        );
        assert_eq!(parse_about("a\u{0}b"), Ok("ab".to_string()));
        assert_eq!(parse_about("<b>hi</b>"), Ok("<b>hi</b>".to_string()));
    }
}
