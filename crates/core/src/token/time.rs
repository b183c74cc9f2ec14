//! Calendar arithmetic on Unix time for ages, without a clock or a time-zone database.

/// The UTC calendar year of a Unix time (seconds), by the days-to-civil algorithm of Howard
/// Hinnant's `chrono`-compatible date algorithms.
pub fn year_of(unix_seconds: u64) -> i64 {
    let days = (unix_seconds / 86_400) as i64;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    yoe + era * 400 + i64::from(month <= 2)
}

/// The age a person born in `birth_year` reaches in the calendar year of `at`. With only the birth
/// year on the card this is the age this year; the holder may still be one year younger.
pub fn age_in_year(birth_year: u16, at: u64) -> u16 {
    let age = year_of(at) - i64::from(birth_year);
    u16::try_from(age.max(0)).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_at_the_edges() {
        assert_eq!(year_of(0), 1970);
        assert_eq!(year_of(951_782_399), 2000); // 2000-02-28T23:59:59Z
        assert_eq!(year_of(951_868_800), 2000); // 2000-03-01 (2000 is a leap year)
        assert_eq!(year_of(1_798_761_599), 2026); // 2026-12-31T23:59:59Z
        assert_eq!(year_of(1_798_761_600), 2027); // 2027-01-01T00:00:00Z
        assert_eq!(year_of(4_107_542_400), 2100); // 2100-03-01
        assert!(year_of(u64::MAX) > 2026);
    }

    #[test]
    fn ages() {
        assert_eq!(age_in_year(2015, 1_798_761_599), 11);
        assert_eq!(age_in_year(2015, 1_798_761_600), 12);
        assert_eq!(age_in_year(2030, 1_798_761_600), 0);
    }
}
