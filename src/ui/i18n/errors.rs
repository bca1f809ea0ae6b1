//! The store's errors in Chinese: one sentence per [`StoreErrorKind`], naming the file, saying
//! what happened and what to do. The English is the error's own `Display`.

use std::path::Path;

use crate::checklist::SaveError;
use crate::report::ReportError;
use crate::store::{StoreError, StoreErrorKind};
use crate::ui::error::UiError;
use crate::ui::i18n::Lang;
use crate::ui::jobs::WorkerStopped;

/// What the app shows for an error, in the UI's language.
pub fn ui_error_text(err: &UiError, lang: Lang) -> String {
    match (err, lang) {
        (UiError::Store(e) | UiError::Report(ReportError::Store(e)), Lang::Zh) => store_error_zh(e),
        (UiError::Worker(WorkerStopped(name)), Lang::Zh) => {
            format!("后台任务“{name}”已停止，请重新启动 HallCheck（已保存的内容不受影响）。")
        }
        (UiError::SettingsUnread(reason), Lang::Zh) => format!(
            "无法读取已保存的设置（{reason}）；暂时显示默认设置，在能读出之前不会保存任何设置。"
        ),
        (
            UiError::Io { path, source } | UiError::Checklist(SaveError::Io { path, source }),
            Lang::Zh,
        ) => {
            format!("{}：文件读写失败（{source}）。", path.display())
        }
        (UiError::Checklist(SaveError::Invalid(problems)), Lang::Zh) => {
            let problems: Vec<String> = problems.iter().map(ToString::to_string).collect();
            format!("检查表有问题，未保存：\n{}", problems.join("\n"))
        }
        _ => err.to_string(),
    }
}

/// The Chinese sentence for a store error (the English is `err.to_string()`).
pub fn store_error_zh(err: &StoreError) -> String {
    let file = err
        .path()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::display)
        .map(|p| p.to_string())
        .unwrap_or_else(|| "数据库".to_owned());
    let text = match err.kind() {
        StoreErrorKind::NotADatabase => {
            "不是 HallCheck 数据库（不是 SQLite 文件），文件未被改动。请选择正确的文件。"
        }
        StoreErrorKind::Corrupt => {
            return format!(
                "{file}：数据库已损坏，不再向其写入任何内容。{}",
                restore_zh(err.newest_backup())
            );
        }
        StoreErrorKind::WritesStopped => {
            return format!(
                "{file}：数据库已发现损坏，HallCheck 不再向其写入，这次更改没有保存（此前保存的内容保持原样）。{}",
                restore_zh(err.newest_backup())
            );
        }
        StoreErrorKind::Newer => "数据库来自更新版本的 HallCheck，请先升级本程序再打开。",
        StoreErrorKind::Locked => {
            "数据库正被另一个 HallCheck 窗口或其他程序占用，等待后仍未释放，未做任何更改。请关闭该程序或等其完成后重试。"
        }
        StoreErrorKind::Moved => {
            "这个路径已不再指向 HallCheck 打开的那个数据库文件（打开期间被替换、改名或删除），这次更改没有写入。请重新打开数据库后再试。"
        }
        StoreErrorKind::ReadOnlyFile => {
            "数据库文件是只读的，无法保存，未做任何更改。请取消文件的只读属性（或给当前账户写权限），或把它复制到可写的文件夹。"
        }
        StoreErrorKind::ReadOnlyFolder => {
            "数据库所在的文件夹是只读的（SQLite 需要在数据库旁建立日志文件），未做任何更改。请允许写入该文件夹，或把数据库移到可写的文件夹。"
        }
        StoreErrorKind::ReadOnlyDrive => {
            "数据库所在的磁盘是只读的，未做任何更改。请把数据库复制到可写的磁盘后在那里打开。"
        }
        StoreErrorKind::DiskFull => {
            "磁盘已满，最后一次更改没有保存（此前保存的内容完好）。请清理磁盘空间（或换一个磁盘）后重试。"
        }
        StoreErrorKind::IsAFolder => "这是一个文件夹，不是文件。请在文件夹中给出文件名。",
        StoreErrorKind::FileNotFound => "文件或其所在文件夹不存在。请检查名称和文件夹。",
        StoreErrorKind::AccessDenied => "没有访问权限。请检查文件及其文件夹的权限，或换一个位置。",
        StoreErrorKind::Io => "文件读写失败。请重试；若反复出现，请检查磁盘。",
        StoreErrorKind::Database => {
            "数据库出错，未做任何更改。若反复出现，请运行 `hallcheck check` 检查数据库。"
        }
        // Not about a file: the English text says which record or rule.
        StoreErrorKind::NotFound => return format!("未找到：{err}"),
        StoreErrorKind::Invalid => return format!("无法完成：{err}"),
        StoreErrorKind::Refused => return format!("无法提交：{err}"),
        StoreErrorKind::Rectification => return format!("整改状态无法更改：{err}"),
        StoreErrorKind::Submitted => {
            return "这次检查已提交，只能查看，不能再修改，未做任何更改。".to_owned();
        }
        StoreErrorKind::NotSubmitted => {
            return "这次检查还是草稿，提交后才能签字确认，未做任何更改。".to_owned();
        }
        StoreErrorKind::AlreadySigned => {
            return "这次检查已签字确认，签字只能一次，未做任何更改。".to_owned();
        }
    };
    format!("{file}：{text}")
}

/// What to do about a damaged database, in Chinese: restore the newest backup, named.
fn restore_zh(newest_backup: Option<&Path>) -> String {
    let Some(file) = newest_backup else {
        return "请从备份恢复（旁边的 backups 文件夹中没有备份）。".to_owned();
    };
    format!(
        "请从最新的备份恢复：{}（在“数据”页，或用 hallcheck restore 加该文件）。",
        file.display()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_file_error_names_the_file_in_chinese() {
        let err = StoreError::DiskFull {
            path: "/data/hallcheck.db".into(),
        };
        assert_eq!(
            store_error_zh(&err),
            "/data/hallcheck.db：磁盘已满，最后一次更改没有保存（此前保存的内容完好）。请清理磁盘空间（或换一个磁盘）后重试。"
        );
        let err = StoreError::io(
            Path::new("/tmp/b"),
            std::io::Error::from(std::io::ErrorKind::IsADirectory),
        );
        assert!(store_error_zh(&err).starts_with("/tmp/b：这是一个文件夹"));
    }
}
