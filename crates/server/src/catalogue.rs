//! The offer catalogue: stored offers with a version counter, the delta sync the app uses
//! (`GET /api/v1/catalogue?since=V`), and offer thumbnails.
//!
//! Every change to the catalogue (one edit, one import, one image) takes the next version number
//! and stamps the offers it touched with it; a deleted offer stays as a tombstone row. A client
//! that has version V gets the rows stamped after V: changed offers, and ids of deleted ones.
//! The full catalogue, which every new phone asks for, is built and compressed once per version.

use aktivitetskortet_core::api::paths;
use std::sync::Arc;

use aktivitetskortet_core::api::CatalogueResponse;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use crate::AppState;
use crate::encoding::{self, Encoding};
use crate::error::ApiError;
use crate::extract::ApiQuery;
use crate::store;

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route(paths::CATALOGUE, get(catalogue))
        .route(paths::IMAGE, get(image))
}

#[derive(Deserialize)]
struct Since {
    since: Option<u64>,
}

fn etag(version: u64) -> HeaderValue {
    HeaderValue::from_str(&format!("\"catalogue-{version}\"")).expect("ASCII")
}

/// The full catalogue's body at one version, in each encoding it is sent in: built and compressed
/// once per version (the first full request after a change), then sent as it is until the next
/// change. The version is read from the database on every request, so a change made by any
/// instance, or by the admin API a moment ago, is never answered from an older body.
pub(crate) struct FullBody {
    version: u64,
    identity: Bytes,
    gzip: Bytes,
    br: Bytes,
}

/// The one full body kept; building it is done once even when many phones ask at once.
#[derive(Default)]
pub(crate) struct CatalogueCache(tokio::sync::Mutex<Option<Arc<FullBody>>>);

impl CatalogueCache {
    /// The full body at `version`: the kept one, or a new one built from the database.
    async fn full(&self, state: &AppState, version: u64) -> Result<Arc<FullBody>, ApiError> {
        let mut kept = self.0.lock().await;
        if let Some(body) = kept.as_ref().filter(|b| b.version == version) {
            return Ok(body.clone());
        }
        let (body_version, json) = state
            .db
            .call(move |c| {
                // Read again inside: a change may have landed since the caller looked.
                let current = store::catalogue::version(c)?;
                let (offers, _) = store::catalogue::changes_since(c, 0)?;
                let body = CatalogueResponse {
                    version: current,
                    full: true,
                    offers,
                    removed: Vec::new(),
                    category_rules: store::visit_limits::category_rules(c)?,
                };
                Ok::<_, ApiError>((
                    current,
                    serde_json::to_vec(&body).map_err(anyhow::Error::from)?,
                ))
            })
            .await?;
        let body = tokio::task::spawn_blocking(move || FullBody::compress(body_version, json))
            .await
            .map_err(|e| ApiError::Internal(e.into()))??;
        let body = Arc::new(body);
        *kept = Some(body.clone());
        Ok(body)
    }
}

impl FullBody {
    fn compress(version: u64, json: Vec<u8>) -> Result<FullBody, ApiError> {
        let gzip = encoding::gzip(&json).map_err(anyhow::Error::from)?;
        let br = encoding::brotli(&json).map_err(anyhow::Error::from)?;
        Ok(FullBody {
            version,
            identity: json.into(),
            gzip: gzip.into(),
            br: br.into(),
        })
    }

    fn encoded(&self, encoding: Encoding) -> Bytes {
        match encoding {
            Encoding::Br => self.br.clone(),
            Encoding::Gzip => self.gzip.clone(),
            Encoding::Identity => self.identity.clone(),
        }
    }
}

/// What one request gets: nothing new, the full body, or a delta made for it.
enum Answer {
    NotModified,
    Full(u64),
    Delta(CatalogueResponse),
}

/// `GET /api/v1/catalogue?since=V`: 304 when V is current (or the ETag matches), a delta when V
/// is older, the full catalogue when there is no V or V is unknown to this server.
async fn catalogue(
    State(state): State<AppState>,
    ApiQuery(Since { since }): ApiQuery<Since>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let if_none_match = headers.get(header::IF_NONE_MATCH).cloned();
    let answer = state
        .db
        .call(move |c| {
            let current = store::catalogue::version(c)?;
            let tag = etag(current);
            if since == Some(current) || if_none_match.as_ref() == Some(&tag) {
                return Ok::<_, ApiError>(Answer::NotModified);
            }
            // A version from the future means the server's data was replaced: start over.
            let full = since.is_none_or(|v| v > current) || since == Some(0);
            if full {
                return Ok(Answer::Full(current));
            }
            let (offers, removed) = store::catalogue::changes_since(c, since.unwrap_or(0))?;
            Ok(Answer::Delta(CatalogueResponse {
                version: current,
                full: false,
                offers,
                removed,
                // All of them every time: a handful, and the client replaces what it holds.
                category_rules: store::visit_limits::category_rules(c)?,
            }))
        })
        .await?;
    let encoding = Encoding::accepted(&headers);
    let (version, encoding, body) = match answer {
        Answer::NotModified => {
            let mut r = StatusCode::NOT_MODIFIED.into_response();
            r.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            return Ok(r);
        }
        Answer::Full(version) => {
            let body = state.catalogue.full(&state, version).await?;
            (body.version, encoding, body.encoded(encoding))
        }
        // A delta is one edit or one import: small, and different for every `since`, so it is
        // made for the request (gzip at a fast level when it is worth it).
        Answer::Delta(delta) => {
            let json = serde_json::to_vec(&delta).map_err(anyhow::Error::from)?;
            let encoding = if json.len() > 1_024 && encoding != Encoding::Identity {
                Encoding::Gzip
            } else {
                Encoding::Identity
            };
            let body = match encoding {
                Encoding::Gzip => encoding::gzip_fast(&json).map_err(anyhow::Error::from)?,
                _ => json,
            };
            (delta.version, encoding, Bytes::from(body))
        }
    };
    let mut response = Response::new(axum::body::Body::from(body));
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    h.insert(header::ETAG, etag(version));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if let Some(name) = encoding.header() {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(name));
    }
    Ok(response)
}

/// `GET /api/v1/images/{offer}.jpg`: an offer's thumbnail. Its URL carries a version
/// (`?v=`), so it may be cached for long.
async fn image(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, ApiError> {
    let id = file
        .strip_suffix(".jpg")
        .ok_or_else(|| ApiError::NotFound("images are .jpg files".into()))?
        .to_owned();
    let jpeg = state
        .db
        .call(move |c| store::catalogue::image(c, &id))
        .await?
        .ok_or_else(|| ApiError::NotFound("no image for this offer".into()))?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/jpeg"),
            (header::CACHE_CONTROL, "public, max-age=604800"),
        ],
        jpeg,
    )
        .into_response())
}

/// The largest thumbnail side, in pixels: sharp on a phone's list row, a few KB to cache offline.
pub const THUMBNAIL_SIDE: u32 = 320;

/// Decodes an uploaded PNG or JPEG and makes the stored thumbnail (JPEG, quality 75).
pub fn make_thumbnail(bytes: &[u8]) -> Result<Vec<u8>, ApiError> {
    let bad = |why: String| ApiError::bad_request("bad_image", why);
    let mut reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| bad(format!("could not read the image: {e}")))?;
    // Refuse decompression bombs: a small upload that claims a huge picture.
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(8_000);
    limits.max_image_height = Some(8_000);
    limits.max_alloc = Some(256 << 20);
    reader.limits(limits);
    let picture = reader
        .decode()
        .map_err(|e| bad(format!("not a PNG or JPEG image this server can read: {e}")))?;
    let thumb = picture.thumbnail(THUMBNAIL_SIDE, THUMBNAIL_SIDE).to_rgb8();
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 75)
        .encode_image(&thumb)
        .map_err(|e| ApiError::Internal(e.into()))?;
    Ok(out)
}
