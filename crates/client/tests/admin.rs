//! The admin screens' API client against the real backend: signing in, offers (refused data
//! names its fields and lines, and changes nothing), cards and their letters, venue keys and
//! statistics.

use aktivitetskortet_client::admin::{AdminClient, AdminError, ImportFormat};
use aktivitetskortet_core::api::{CreateVenueKeyRequest, IssueCardRequest, LetterRequest};
use aktivitetskortet_core::calendar::Date;
use aktivitetskortet_core::offer::Offer;
use aktivitetskortet_core::offer_csv;
use aktivitetskortet_core::token::CompanionRule;

use crate::util;
use crate::wallet::now;

fn admin(server: &util::Backend) -> AdminClient {
    AdminClient::new(server.client(), &server.admin)
}

fn offer(id: &str) -> Offer {
    serde_json::from_value(util::offer(
        id,
        "Familiesøndag",
        "museum",
        "bergenhus",
        (4, 12),
    ))
    .unwrap()
}

#[tokio::test]
async fn signing_in_needs_an_admin_key() {
    let server = util::Backend::start().await;
    admin(&server).check().await.unwrap();
    for wrong in ["ak_admin_wrong", "", "two words"] {
        let error = AdminClient::new(server.client(), wrong)
            .check()
            .await
            .unwrap_err();
        assert_eq!(error, AdminError::Unauthorized, "{wrong:?}");
    }
    let down = aktivitetskortet_client::http::Backend::new(&util::closed_port().await).unwrap();
    let error = AdminClient::new(down, &server.admin)
        .check()
        .await
        .unwrap_err();
    assert_eq!(error, AdminError::Offline);
    assert!(!format!("{:?}", admin(&server)).contains(&server.admin));
}

#[tokio::test]
async fn offers_are_made_changed_and_removed_and_bad_ones_name_their_fields() {
    let server = util::Backend::start().await;
    let admin = admin(&server);
    let created = admin.create_offer(&offer("kode-a")).await.unwrap();
    assert_eq!(created.id, "kode-a");
    let mut bad = offer("kode-b");
    bad.age_max = 30;
    bad.venue = String::new();
    let AdminError::Invalid { details, .. } = admin.create_offer(&bad).await.unwrap_err() else {
        panic!("not refused as invalid")
    };
    let fields: Vec<_> = details.iter().filter_map(|d| d.field.as_deref()).collect();
    assert!(
        fields.contains(&"age_max") && fields.contains(&"venue"),
        "{fields:?}"
    );
    assert_eq!(admin.offers().await.unwrap().len(), 1, "nothing stored");
    assert!(matches!(
        admin.create_offer(&offer("kode-a")).await,
        Err(AdminError::Conflict(_))
    ));

    // A picture: stored as a thumbnail the holders' catalogue points at.
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(
        640,
        480,
        image::Rgb([11, 83, 148]),
    ))
    .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
    .unwrap();
    let with_image = admin
        .upload_image("kode-a", png, "image/png")
        .await
        .unwrap();
    let path = with_image.image.clone().expect("a thumbnail path");
    assert!(path.starts_with("/api/v1/images/kode-a.jpg"), "{path}");
    let jpeg = server.client().get_bytes(&path).await.unwrap();
    assert_eq!(&jpeg[..2], [0xff, 0xd8], "a JPEG");
    assert!(matches!(
        admin
            .upload_image("kode-a", b"not a picture".to_vec(), "image/png")
            .await,
        Err(AdminError::Invalid { .. } | AdminError::Server(_))
    ));

    let mut changed = with_image.clone();
    changed.title.nb = "Søndag på KODE".into();
    assert_eq!(
        admin.update_offer(&changed).await.unwrap().title.nb,
        "Søndag på KODE"
    );
    admin.delete_offer("kode-a").await.unwrap();
    assert!(admin.offers().await.unwrap().is_empty());
    assert!(matches!(
        admin.delete_offer("kode-a").await,
        Err(AdminError::NotFound(_))
    ));
}

#[tokio::test]
async fn an_import_with_a_bad_line_imports_nothing_and_says_where() {
    let server = util::Backend::start().await;
    let admin = admin(&server);
    let mut second = offer("kode-b");
    second.age_min = 15;
    second.age_max = 10;
    let csv = offer_csv::write(&[offer("kode-a"), second]);
    let AdminError::Invalid { details, .. } = admin
        .import_offers(&csv, ImportFormat::Csv)
        .await
        .unwrap_err()
    else {
        panic!("not refused")
    };
    assert!(details.iter().all(|d| d.line == Some(3)), "{details:?}");
    assert!(admin.offers().await.unwrap().is_empty(), "nothing imported");

    let good = offer_csv::write(&[offer("kode-a"), offer("kode-b")]);
    let report = admin.import_offers(&good, ImportFormat::Csv).await.unwrap();
    assert_eq!((report.created, report.updated), (2, 0));
    let json = serde_json::to_string(&[offer("kode-b"), offer("kode-c")]).unwrap();
    let report = admin
        .import_offers(&json, ImportFormat::Json)
        .await
        .unwrap();
    assert_eq!((report.created, report.updated), (1, 1));
}

#[tokio::test]
async fn cards_get_letters_and_can_be_revoked_and_reissued() {
    let server = util::Backend::start().await;
    let admin = admin(&server);
    let today = Date::from_unix(now());
    let request = |name: &str| IssueCardRequest {
        given_name: name.into(),
        birth_year: 2015,
        valid_from: today,
        valid_until: today.add_days(150),
        companion: CompanionRule::OneAtPublicEvents,
        language: Some("uk".into()),
    };
    let first = admin.issue_card(&request("Amina")).await.unwrap();
    let second = admin.issue_card(&request("Taras")).await.unwrap();
    let html = admin
        .letters(&[
            LetterRequest {
                card_id: first.card_id.clone(),
                code: first.activation_code.clone(),
                language: None,
            },
            LetterRequest {
                card_id: second.card_id.clone(),
                code: second.activation_code.clone(),
                language: Some("ar".into()),
            },
        ])
        .await
        .unwrap();
    assert!(html.contains("Amina") && html.contains("Taras"));
    assert!(html.contains(&first.activation_code));

    let again = admin.reissue(&first.card_id).await.unwrap();
    assert_ne!(again.activation_code, first.activation_code);
    admin.revoke(&second.card_id).await.unwrap();
    let cards = admin.cards().await.unwrap();
    let status = |id: &str| {
        cards
            .iter()
            .find(|c| c.card_id == id)
            .unwrap()
            .status
            .clone()
    };
    assert_eq!(status(&first.card_id), "pending");
    assert_eq!(status(&second.card_id), "revoked");
    assert!(matches!(
        admin.reissue(&second.card_id).await,
        Err(AdminError::Conflict(_))
    ));
    let mut bad = request("Ola");
    bad.birth_year = 1990;
    assert!(matches!(
        admin.issue_card(&bad).await,
        Err(AdminError::Invalid { .. })
    ));
}

#[tokio::test]
async fn venue_keys_and_statistics() {
    let server = util::Backend::start().await;
    let admin = admin(&server);
    admin.create_offer(&offer("kode-a")).await.unwrap();
    let created = admin
        .create_venue_key(&CreateVenueKeyRequest {
            name: "KODE 4".into(),
            offer_ids: vec!["kode-a".into()],
        })
        .await
        .unwrap();
    assert!(created.key.starts_with("ak_venue_"));
    let keys = admin.venue_keys().await.unwrap();
    assert_eq!(keys.len(), 1);
    assert_eq!((keys[0].name.as_str(), keys[0].revoked), ("KODE 4", false));
    admin.revoke_venue_key(created.id).await.unwrap();
    assert!(admin.venue_keys().await.unwrap()[0].revoked);
    assert!(matches!(
        admin
            .create_venue_key(&CreateVenueKeyRequest {
                name: "Nowhere".into(),
                offer_ids: vec!["no-such-offer".into()],
            })
            .await,
        Err(AdminError::Invalid { .. })
    ));

    // The newest closed period has no visits; the next one cannot be read yet.
    let periods = admin.stat_periods().await.unwrap();
    let newest = periods.closed[0];
    assert!(newest.is_closed(Date::from_unix(now())));
    let report = admin.stats(newest).await.unwrap();
    assert_eq!(report.visits.count(), Some(0));
    let csv = admin.stats_csv(newest).await.unwrap();
    assert!(csv.lines().count() > 1, "{csv}");
    assert!(matches!(
        admin.stats(periods.next).await,
        Err(AdminError::Invalid { .. } | AdminError::Server(_))
    ));

    // The key in use, and the audit log of all of the above.
    let me = admin.me().await.unwrap();
    assert_eq!(me.label, "test");
    assert!(me.expires_at > now());
    let log = admin.audit(None).await.unwrap();
    let actions: Vec<&str> = log.entries.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions[..4],
        [
            "stats.export",
            "stats.read",
            "venue_key.revoke",
            "venue_key.create"
        ]
    );
    let older = admin.audit(Some(log.entries[1].id)).await.unwrap();
    assert_eq!(older.entries[0].id, log.entries[2].id);
}
