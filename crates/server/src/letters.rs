//! `POST /api/v1/admin/letters`: the printable activation letters, for cards whose codes the
//! admin area holds (codes are never stored in the clear, so the request brings them).

use aktivitetskortet_core::api::{LetterRequest, LettersRequest};
use aktivitetskortet_core::calendar::{Date, bergen_date};
use axum::extract::State;
use axum::response::Html;

use crate::audit::{self, Action};
use crate::auth::Admin;
use crate::cards::existing_card;
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::letter::{self, Lang, Letter};
use crate::store::{self, Conn};
use crate::{AppState, secrets};

/// `POST /api/v1/admin/letters`: activation letters (one, or several in one page to print), one
/// sheet each in its family's language. The codes travel in the body, never in a URL: proxies,
/// access logs and the browser's history keep URLs, and a live code there is a card to take. Any card or code that does not fit refuses the whole batch, naming
/// its place in the list.
pub(crate) async fn letters_page(
    admin: Admin,
    State(state): State<AppState>,
    ApiJson(req): ApiJson<LettersRequest>,
) -> Result<Html<String>, ApiError> {
    if req.letters.is_empty() || req.letters.len() > 500 {
        return Err(ApiError::bad_request(
            "bad_batch",
            "ask for 1 to 500 letters at a time",
        ));
    }
    let public_url = state.public_url.clone();
    let now = state.clock.now();
    state
        .db
        .call(move |c| {
            let mut letters = Vec::new();
            let mut details = Vec::new();
            for (i, request) in req.letters.iter().enumerate() {
                let LetterRequest {
                    card_id,
                    code,
                    language,
                } = request;
                match letter_data(c, &public_url, card_id, code, language.as_deref()) {
                    Ok(letter) => letters.push(letter),
                    Err(error) => details.push(aktivitetskortet_core::api::ErrorDetail {
                        line: Some(i as u32 + 1),
                        field: Some("card_id".into()),
                        message: error.to_string(),
                    }),
                }
            }
            if !details.is_empty() {
                return Err(ApiError::invalid("no letter was made", details));
            }
            let cards: Vec<&str> = req.letters.iter().map(|l| l.card_id.as_str()).collect();
            audit::by(c, &admin, Action::Letters, &cards.join(","), now)?;
            let letters: Vec<Letter> = letters.iter().map(LetterData::as_letter).collect();
            Ok::<_, ApiError>(Html(letter::render_many(&letters)))
        })
        .await
}

/// What a letter needs, read and checked: the code must be one of the card's.
struct LetterData {
    given_name: String,
    code: String,
    url: String,
    code_expires: Date,
    card_valid_until: Date,
    lang: Lang,
    demo: bool,
}

impl LetterData {
    fn as_letter(&self) -> Letter<'_> {
        Letter {
            given_name: &self.given_name,
            code: &self.code,
            activation_url: &self.url,
            code_expires: self.code_expires,
            card_valid_until: self.card_valid_until,
            lang: self.lang,
            demo: self.demo,
        }
    }
}

/// A card's letter for `typed_code`, which must be one of the card's codes; in `lang`, or the
/// card's own language.
fn letter_data(
    conn: &mut Conn,
    public_url: &str,
    card_id: &str,
    typed_code: &str,
    lang: Option<&str>,
) -> Result<LetterData, ApiError> {
    let code = secrets::normalize_code(typed_code)
        .ok_or_else(|| ApiError::bad_request("bad_code", "not an activation code"))?;
    let code_hash = secrets::hash(&code);
    let card = existing_card(conn, card_id)?;
    let expires = store::cards::code_expiry(conn, &code_hash, &card.id)?
        .ok_or_else(|| ApiError::NotFound("this code is not one of this card's".into()))?;
    let lang = lang
        .or(Some(card.language.as_str()))
        .and_then(Lang::from_code)
        .ok_or_else(|| ApiError::bad_request("bad_language", "lang is one of nb, en, uk, ar"))?;
    Ok(LetterData {
        given_name: card.given_name.clone(),
        code: aktivitetskortet_core::activation::grouped(&code),
        url: format!("{public_url}/aktiver?kode={code}"),
        code_expires: bergen_date(expires.saturating_sub(1)),
        card_valid_until: card.valid_until,
        lang,
        demo: card.demo,
    })
}
