use super::plausibility::foreign_years;

#[test]
fn years_in_text() {
    assert_eq!(foreign_years("2019年区财政已下拨", 2020), vec![2019]);
    assert_eq!(
        foreign_years("2020年城乡居民医疗保险区级财政补助", 2020),
        Vec::<i64>::new()
    );
    assert_eq!(foreign_years("共12019年", 2020), Vec::<i64>::new());
    assert_eq!(
        foreign_years("2019年和2021年，2019年", 2020),
        vec![2019, 2021]
    );
    assert_eq!(foreign_years("年", 2020), Vec::<i64>::new());
}
