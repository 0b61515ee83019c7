//! The registry's codes found in an HR export and its map, by `ladder import` and
//! `ladder init --from`, in the order the README lists them.

use super::{Code, Scope, code};
use crate::finding::Severity;

pub(super) const IMPORT: &[Code] = {
    use Scope::Import;
    use Severity::{Error, Warning};
    &[
        // An HR export, read by `ladder import`.
        code(
            "import-unreadable",
            Error,
            Import,
            "the export or the map cannot be read",
        ),
        code(
            "import-not-utf8",
            Error,
            Import,
            "an export that is not UTF-8, with no `encoding` in the map to read it as",
        ),
        code(
            "import-csv",
            Error,
            Import,
            "a row the CSV reader cannot read (a stray quote, the wrong declared encoding)",
        ),
        code(
            "import-empty",
            Error,
            Import,
            "the export has a header but no rows",
        ),
        code(
            "import-map",
            Error,
            Import,
            "the map file is not what `import.yml` holds",
        ),
        code(
            "import-map-position",
            Error,
            Import,
            "a position in the map's tables that the framework does not have",
        ),
        code(
            "import-map-team",
            Error,
            Import,
            "a team in the map's tables that has no file under `teams/`",
        ),
        code(
            "import-map-location",
            Error,
            Import,
            "a location in the map that the framework's pay does not price",
        ),
        code(
            "import-unknown-column",
            Error,
            Import,
            "the map names a column the export's header lacks",
        ),
        code(
            "import-ambiguous-column",
            Error,
            Import,
            "a header used twice, and the map does not say which one (`Department[2]`)",
        ),
        code(
            "import-missing-value",
            Error,
            Import,
            "an empty cell in a column the map needs",
        ),
        code(
            "import-bad-date",
            Error,
            Import,
            "a date not in the format the map declares",
        ),
        code(
            "import-bad-id",
            Error,
            Import,
            "an id column whose value makes no teammate id",
        ),
        code(
            "import-bad-event",
            Error,
            Import,
            "a history row whose event the map does not sort into hire, change or leave",
        ),
        code(
            "import-unknown-team",
            Error,
            Import,
            "a department or division the map's `teams` table lacks (with the nearest)",
        ),
        code(
            "import-unknown-title",
            Error,
            Import,
            "a job title no title table holds (with the nearest)",
        ),
        code(
            "import-unknown-level",
            Error,
            Import,
            "a job level the map's `levels` table lacks (with the nearest)",
        ),
        code(
            "import-unknown-location",
            Error,
            Import,
            "a location the map's `locations` table lacks (with the nearest)",
        ),
        code(
            "import-no-step",
            Error,
            Import,
            "a position with no step on a stepped track, and no `default_step`",
        ),
        code(
            "import-unknown-lead",
            Error,
            Import,
            "a manager who is no row of the export",
        ),
        code(
            "import-ambiguous-lead",
            Error,
            Import,
            "a manager named by a value two rows share",
        ),
        code(
            "import-lead-cycle",
            Error,
            Import,
            "managers who report to each other in a loop",
        ),
        code(
            "import-lead-gone",
            Error,
            Import,
            "someone whose manager has left by that date",
        ),
        code(
            "import-duplicate-id",
            Error,
            Import,
            "two people who would get one teammate id",
        ),
        code(
            "import-duplicate-person",
            Error,
            Import,
            "one person on two rows of the roster",
        ),
        code(
            "import-duplicate-row",
            Error,
            Import,
            "two history rows for one person on one date",
        ),
        code(
            "import-not-in-roster",
            Error,
            Import,
            "a history row for someone the roster does not hold, who never leaves",
        ),
        code(
            "import-roster-history",
            Error,
            Import,
            "the roster and the history's last row disagree about someone",
        ),
        code(
            "import-no-history",
            Error,
            Import,
            "someone in the roster with no history row, on an import with history",
        ),
        code(
            "import-existing-people",
            Error,
            Import,
            "a first import with history into a folder that already holds placements",
        ),
        code(
            "import-check",
            Error,
            Import,
            "the placements the import would write do not check clean",
        ),
        code(
            "import-contradiction",
            Warning,
            Import,
            "a field changed in ladder since the last import, kept and reported, never overwritten",
        ),
        code(
            "init-no-column",
            Error,
            Import,
            "`ladder init --from`: no column of the export's header looks like a field the map needs",
        ),
    ]
};
