//! Every way the generator can fail, each naming the spec file and where in it.

use std::path::PathBuf;

use miette::Diagnostic;

/// A JSON pointer (RFC 6901) into a spec, rendered as a URI fragment: `#/paths/~1SiS~1Stock/post`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pointer(String);

impl Pointer {
    /// The document root, `#`.
    pub fn root() -> Self {
        Pointer(String::new())
    }

    /// Builds a pointer from unescaped reference tokens.
    pub fn from_tokens<I, S>(tokens: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut pointer = Pointer::root();
        for token in tokens {
            pointer = pointer.join(token.as_ref());
        }
        pointer
    }

    /// A pointer as written in a `$ref` fragment or for `serde_json::Value::pointer`
    /// (`/components/schemas/X`, escaped, without the `#`).
    pub fn from_json_pointer(pointer: &str) -> Self {
        Pointer(pointer.to_owned())
    }

    /// Appends one unescaped reference token.
    pub fn join(&self, token: &str) -> Self {
        // One allocation: the spec walks join a token for every node they visit.
        let mut pointer = String::with_capacity(self.0.len() + 1 + token.len());
        pointer.push_str(&self.0);
        pointer.push('/');
        for c in token.chars() {
            match c {
                '~' => pointer.push_str("~0"),
                '/' => pointer.push_str("~1"),
                c => pointer.push(c),
            }
        }
        Pointer(pointer)
    }

    /// The parent pointer and the last reference token (unescaped); `None` for the root.
    pub fn split_last(&self) -> Option<(Pointer, String)> {
        let (parent, last) = self.0.rsplit_once('/')?;
        Some((Pointer(parent.to_owned()), unescape(last)))
    }

    /// The reference tokens, unescaped: `#/paths/~1users/get` → `paths`, `/users`, `get`.
    pub fn tokens(&self) -> impl Iterator<Item = String> + '_ {
        self.0.split('/').skip(1).map(unescape)
    }

    /// The pointer without the leading `#`, as `serde_json::Value::pointer` expects it.
    pub fn as_json_pointer(&self) -> &str {
        &self.0
    }
}

/// One reference token as written in a pointer → the name it stands for (RFC 6901 §4).
pub fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

impl std::fmt::Display for Pointer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// A generator failure. Each variant names the spec file and, where one exists, the location
/// (line and column for YAML syntax, a JSON pointer for everything semantic).
#[derive(Debug, thiserror::Error, Diagnostic)]
pub enum Error {
    #[error("{}: cannot read or write: {source}", file.display())]
    #[diagnostic(code(generator::io))]
    Io {
        file: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{}:{line}:{column}: {syntax} syntax error: {message}", file.display())]
    #[diagnostic(
        code(generator::yaml),
        help("fix the document at that line and column")
    )]
    Yaml {
        file: PathBuf,
        line: usize,
        column: usize,
        /// `YAML`, or `JSON` for a document read as JSON.
        syntax: &'static str,
        message: String,
    },

    #[error("{}{pointer}: unsupported OpenAPI version {found:?}: only 3.0.x and 3.1.x are accepted", file.display())]
    #[diagnostic(
        code(generator::version),
        help(
            "OpenAPI 3.1 is converted to the 3.0 model; Swagger 2.0 needs converting to 3.0 first"
        )
    )]
    UnsupportedVersion {
        file: PathBuf,
        pointer: Pointer,
        found: String,
    },

    #[error("{}{pointer}: unresolved $ref {target:?}", file.display())]
    #[diagnostic(
        code(generator::unresolved_ref),
        help("point the $ref at an existing component")
    )]
    UnresolvedRef {
        file: PathBuf,
        pointer: Pointer,
        target: String,
    },

    #[error("{}{pointer}: $ref {target:?} names {}, which cannot be read: {source}", file.display(), missing.display())]
    #[diagnostic(
        code(generator::missing_file),
        help("a relative $ref is resolved against the directory of the file holding it")
    )]
    MissingFile {
        file: PathBuf,
        pointer: Pointer,
        target: String,
        missing: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{}{pointer}: unsupported construct: {construct}", file.display())]
    #[diagnostic(code(generator::unsupported))]
    Unsupported {
        file: PathBuf,
        pointer: Pointer,
        construct: String,
    },

    #[error("{}{pointer}: not a valid OpenAPI 3.0 document: {message}", file.display())]
    #[diagnostic(code(generator::invalid))]
    Invalid {
        file: PathBuf,
        pointer: Pointer,
        message: String,
    },

    #[error("{}{pointer}: progenitor could not generate code: {message}", file.display())]
    #[diagnostic(code(generator::codegen))]
    Codegen {
        file: PathBuf,
        pointer: Pointer,
        message: String,
    },

    /// Every problem one spec has, each located; rendered one per line.
    #[error("{}", render_lines(.0))]
    #[diagnostic(code(generator::problems))]
    Problems(Vec<Error>),

    #[error("{} specs failed; generated/ was left untouched:\n{}", .0.len(), render_list(.0))]
    #[diagnostic(code(generator::many))]
    Many(Vec<Error>),

    #[error("{} generated file(s) are stale or hand-edited; run `cargo run -p generator -- generate`:\n{}", .0.len(), render_list(.0))]
    #[diagnostic(code(generator::stale))]
    Stale(Vec<Staleness>),

    #[error("{} specs could not be read; nothing was written:\n{}", .0.len(), render_list(.0))]
    #[diagnostic(code(generator::specs))]
    Specs(Vec<Error>),

    #[error("{}: {tool} failed: {message}", file.display())]
    #[diagnostic(
        code(generator::tool),
        help(
            "`docs` needs Node.js with npm, tar, and access to the npm registry on its first run"
        )
    )]
    Tool {
        file: PathBuf,
        tool: String,
        message: String,
    },

    #[error("{}: {revision:?} is neither an existing file nor a git revision", root.display())]
    #[diagnostic(
        code(generator::unknown_revision),
        help("pass two spec files, or two commits of the repository (`HEAD~1 HEAD`)")
    )]
    UnknownRevision { root: PathBuf, revision: String },

    #[error("{}: a file compared with a git revision", file.display())]
    #[diagnostic(
        code(generator::mixed_arguments),
        help("pass two spec files, or two git revisions")
    )]
    MixedChangelogArguments { file: PathBuf },

    #[error("{}: git at revision {revision:?}: {message}", root.display())]
    #[diagnostic(code(generator::git))]
    Git {
        root: PathBuf,
        revision: String,
        message: String,
    },
}

/// Why `generate --check` rejected a generated file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staleness {
    pub file: PathBuf,
    pub reason: StaleReason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaleReason {
    /// The spec exists but its generated file does not.
    Missing,
    /// The spec changed since the file was generated (hash in the header differs).
    SpecChanged,
    /// The header hash matches the spec but the content differs: edited by hand, or produced
    /// by another version of the generator.
    HandEdited,
    /// A generated file whose spec no longer exists.
    Orphaned,
}

impl std::fmt::Display for Staleness {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let why = match self.reason {
            StaleReason::Missing => "missing",
            StaleReason::SpecChanged => "stale: its spec changed since it was generated",
            StaleReason::HandEdited => "hand-edited (or written by another generator version)",
            StaleReason::Orphaned => "orphaned: no spec generates it any more",
        };
        write!(f, "{}: {why}", self.file.display())
    }
}

impl Error {
    /// `Ok` for no problem, the problem itself for one, [`Error::Problems`] for several.
    pub fn from_problems(mut problems: Vec<Error>) -> Result<()> {
        match problems.len() {
            0 => Ok(()),
            1 => Err(problems.remove(0)),
            _ => Err(Error::Problems(problems)),
        }
    }
}

fn render_lines(items: &[Error]) -> String {
    items
        .iter()
        .map(Error::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

fn render_list<T: std::fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(|item| format!("  - {}", item.to_string().replace('\n', "\n    ")))
        .collect::<Vec<_>>()
        .join("\n")
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
