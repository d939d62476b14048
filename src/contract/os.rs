//! File system errors as the user reads them: the system's words (in
//! English on most machines) said in Chinese wherever a message names one.

/// A file system error as the user reads it, in Chinese: what the system
/// said (file not found, no permission, disk full …) translated, its
/// system error number kept (`文件或文件夹不存在（系统错误 2）`), so that
/// nothing of the cause is lost. An error jixiao or a library made with
/// its own message keeps that message.
pub fn io_zh(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let zh = match e.kind() {
        K::NotFound => Some("文件或文件夹不存在"),
        K::PermissionDenied => Some("没有访问权限"),
        K::AlreadyExists => Some("已存在同名的文件或文件夹"),
        K::IsADirectory => Some("这是文件夹，不是文件"),
        K::NotADirectory => Some("路径中有一项不是文件夹"),
        K::DirectoryNotEmpty => Some("文件夹不是空的"),
        K::ReadOnlyFilesystem => Some("磁盘或文件系统是只读的"),
        K::StorageFull => Some("磁盘空间已满"),
        K::QuotaExceeded => Some("超出磁盘配额"),
        K::FileTooLarge => Some("文件过大"),
        K::ResourceBusy => Some("文件或设备正被占用"),
        K::ExecutableFileBusy => Some("文件正被运行，不能修改"),
        K::CrossesDevices => Some("不能在不同磁盘之间移动"),
        K::InvalidFilename => Some("文件名无效或过长"),
        K::TooManyLinks => Some("链接过多"),
        K::UnexpectedEof => Some("文件意外结束，可能未完整保存或下载"),
        K::BrokenPipe => Some("读取输出的一方已关闭"),
        K::Interrupted => Some("操作被中断"),
        K::TimedOut => Some("操作超时"),
        K::WouldBlock => Some("资源暂时不可用"),
        K::OutOfMemory => Some("内存不足"),
        K::Unsupported => Some("操作系统不支持这项操作"),
        K::InvalidInput => Some("参数无效"),
        K::InvalidData => Some("数据无效"),
        _ => None,
    };
    match (e.raw_os_error(), zh) {
        (Some(code), Some(zh)) => format!("{zh}（系统错误 {code}）"),
        (Some(code), None) => format!("系统错误 {code}：{e}"),
        // An error made with a message of its own says it.
        (None, _) if e.get_ref().is_some() => e.to_string(),
        (None, Some(zh)) => zh.to_string(),
        (None, None) => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn os_errors_are_said_in_chinese_with_their_number() {
        let missing = std::fs::read("/no/such/file/anywhere").unwrap_err();
        let text = io_zh(&missing);
        assert!(text.starts_with("文件或文件夹不存在（系统错误 "), "{text}");
        assert!(!text.contains("No such file"), "{text}");
        let own = std::io::Error::other("清单第 3 行无法解析");
        assert_eq!(io_zh(&own), "清单第 3 行无法解析");
        let kind = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        assert_eq!(io_zh(&kind), "没有访问权限");
    }
}
