//! Unit tests of the per-file processing in `batch`.

use super::*;

#[test]
fn an_output_error_names_the_file_within_the_entrys_folder() {
    let dir = Path::new("out")
        .join(".jixiao")
        .join("staging")
        .join("0000007");
    let io = |path: &Path| OutputError::Io {
        path: path.display().to_string(),
        source: std::io::Error::other("磁盘已满"),
    };
    assert_eq!(
        message_within(io(&dir.join("report.html")), &dir),
        "无法写入 report.html：磁盘已满"
    );
    // A path elsewhere stays whole.
    let elsewhere = Path::new("out").join("summary.json");
    assert_eq!(
        message_within(io(&elsewhere), &dir),
        format!("无法写入 {}：磁盘已满", elsewhere.display())
    );
}
