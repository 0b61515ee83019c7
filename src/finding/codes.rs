//! The registry of every finding code: its one severity, where it is found (a tree, a change,
//! an HR export), and what it means. The README's tables are held to it by `tests/docs.rs`;
//! nothing here builds or prints a finding.

use super::Severity;

/// Where a finding code is found: in one tree, or in a change between two.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// In one tree, by `ladder check` and by every command that reads a tree.
    Tree,
    /// In a change, by `ladder diff`, `ladder propose` and the Action.
    Change,
    /// In an HR export and its map, by `ladder import`.
    Import,
}

/// A finding code as users meet it: its one severity, where it is found, and what it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    pub code: &'static str,
    pub severity: Severity,
    pub scope: Scope,
    pub meaning: &'static str,
}

const fn code(code: &'static str, severity: Severity, scope: Scope, meaning: &'static str) -> Code {
    Code {
        code,
        severity,
        scope,
        meaning,
    }
}

mod import;

/// Every finding code ladder emits, in the order the README lists them. A code is stable: it
/// keeps its name and severity, and a new problem gets a new code.
pub const CODES: &[Code] = &joined::<{ OWN.len() + import::IMPORT.len() }>(OWN, import::IMPORT);

/// Two lists as one, in order: the registry is written in two files.
const fn joined<const N: usize>(first: &[Code], second: &[Code]) -> [Code; N] {
    let mut out = [code("", Severity::Error, Scope::Tree, ""); N];
    let mut at = 0;
    while at < N {
        out[at] = if at < first.len() {
            first[at]
        } else {
            second[at - first.len()]
        };
        at += 1;
    }
    out
}

/// The codes found in a tree and in a change.
const OWN: &[Code] = {
    use Scope::{Change, Tree};
    use Severity::{Error, Notice, Warning};
    &[
        // The files themselves.
        code(
            "yaml",
            Error,
            Tree,
            "YAML syntax, a wrong type, a missing or duplicate key, a second document, or refused input (alias bombs, nesting deeper than 24)",
        ),
        code(
            "unknown-key",
            Error,
            Tree,
            "a key the file kind does not have, with a \"did you mean\"",
        ),
        code(
            "empty-file",
            Error,
            Tree,
            "a file, or a case file's front matter, with nothing in it",
        ),
        code("not-utf8", Error, Tree, "a file that is not UTF-8 text"),
        code(
            "file-too-large",
            Error,
            Tree,
            "a file over 1 MiB, refused unread",
        ),
        code(
            "not-a-file",
            Error,
            Tree,
            "a symbolic link, a git submodule, or a folder where a file belongs",
        ),
        code(
            "file-name",
            Error,
            Tree,
            "a file name that is not valid UTF-8",
        ),
        code(
            "unreadable",
            Error,
            Tree,
            "a file that cannot be read, from disk or from git",
        ),
        code(
            "no-framework",
            Error,
            Tree,
            "no `framework.yml` in the folder",
        ),
        code(
            "bad-id",
            Error,
            Tree,
            "a file stem or an id that is not a plain id, or a level id that reads as a number",
        ),
        code(
            "case-front-matter",
            Error,
            Tree,
            "a case file without `---` front matter",
        ),
        code(
            "not-read",
            Notice,
            Tree,
            "a file outside the known places (dotfiles are skipped)",
        ),
        code(
            "misplaced-file",
            Warning,
            Tree,
            "a YAML file no rule reads, with where it belongs (an error under `ladder ci`)",
        ),
        // References between the files.
        code(
            "unknown-team",
            Error,
            Tree,
            "a team that does not exist, named by a placement or a pay multiplier",
        ),
        code(
            "unknown-track",
            Error,
            Tree,
            "a track the framework does not have",
        ),
        code(
            "unknown-level",
            Error,
            Tree,
            "a level that is not on the track",
        ),
        code(
            "case-placeholder",
            Warning,
            Tree,
            "a case file whose text is still only headings and the template's placeholder lines",
        ),
        code(
            "unknown-person",
            Error,
            Tree,
            "a lead, director or case file naming someone who is not a teammate",
        ),
        code(
            "unknown-factor",
            Error,
            Tree,
            "an expectation or an assessment of a factor that does not exist",
        ),
        code(
            "level-zero",
            Error,
            Tree,
            "level 0: levels are numbered from 1",
        ),
        code(
            "step-zero",
            Error,
            Tree,
            "step 0: steps are numbered from 1",
        ),
        code(
            "unknown-step",
            Error,
            Tree,
            "a step outside the level, or a label the track does not have",
        ),
        code(
            "duplicate-id",
            Error,
            Tree,
            "two teammates, tracks or factors with one id",
        ),
        code(
            "duplicate-login",
            Error,
            Tree,
            "two teammates with one GitHub login",
        ),
        code("self-lead", Error, Tree, "a teammate leading themself"),
        code(
            "lead-cycle",
            Error,
            Tree,
            "a cycle of leads, printed in full",
        ),
        code(
            "no-lead",
            Error,
            Tree,
            "a teammate without a lead who is not the top of the tree (a tree has one top)",
        ),
        code(
            "top-outranked",
            Warning,
            Tree,
            "on a shared scale, the top of the tree below someone else's level",
        ),
        code(
            "lead-below-minimum",
            Error,
            Tree,
            "a lead at a level below `policy.leads.min_level`, at the lead's `level:`",
        ),
        code(
            "lead-not-above-report",
            Error,
            Tree,
            "with `policy.leads.above_reports`, a lead not above a report's level (on one track by number, across tracks by grade), at the report's `lead:`",
        ),
        code(
            "lead-rule-unjudged",
            Notice,
            Tree,
            "a rule of `policy.leads` that cannot compare some leads' levels, on tracks that share no grade",
        ),
        code(
            "no-director",
            Error,
            Tree,
            "a team without a director whose people nobody could approve for (no lead above directs a team, no `policy.fallback`)",
        ),
        code(
            "director-fallback",
            Notice,
            Tree,
            "a team without a director, and who approves for `director` instead",
        ),
        code(
            "missing-step",
            Error,
            Tree,
            "no `step:` where the track has steps",
        ),
        code(
            "no-steps",
            Error,
            Tree,
            "a `step:`, or a time per step, where the track has no steps",
        ),
        code(
            "outside-team-range",
            Error,
            Tree,
            "a placement outside its team's `levels`",
        ),
        code(
            "grade-order",
            Error,
            Tree,
            "a level's `grade` not above the grade of the level below it on its track",
        ),
        code(
            "nothing-below",
            Error,
            Tree,
            "an expectation written `{as: below}` with no level below that says anything on the factor",
        ),
        code(
            "nothing-to-follow",
            Error,
            Tree,
            "an expectation written `{as: IC4}` where that level says nothing on the factor",
        ),
        code(
            "expectation-cycle",
            Error,
            Tree,
            "expectations written `{as: …}` that follow each other in a circle (every link named)",
        ),
        code(
            "bad-range",
            Error,
            Tree,
            "a range of levels that runs downwards, or a factor's `to_level` below its `from_level`",
        ),
        code(
            "unknown-role",
            Error,
            Tree,
            "a role the team does not define",
        ),
        code(
            "role-track",
            Error,
            Tree,
            "a role held on another track than its own",
        ),
        code(
            "outside-role-range",
            Error,
            Tree,
            "a role held outside its levels",
        ),
        code(
            "role-and-roles",
            Error,
            Tree,
            "a placement with both `role:` and `roles:`",
        ),
        code(
            "duplicate-role",
            Error,
            Tree,
            "a role listed twice in a placement's `roles:`",
        ),
        code(
            "unknown-category",
            Error,
            Tree,
            "a factor in no known category",
        ),
        code(
            "factor-not-here",
            Warning,
            Tree,
            "an expectation for a factor that does not apply at that level or track",
        ),
        code("empty-expectation", Error, Tree, "an empty criterion"),
        code(
            "bad-step-label",
            Error,
            Tree,
            "step labels that are empty, repeated or numbers",
        ),
        code(
            "no-milestones",
            Error,
            Tree,
            "an assessment of a factor without milestones, or a level's `{milestone: N}` on one",
        ),
        code(
            "unknown-milestone",
            Error,
            Tree,
            "an assessment beyond the factor's last milestone, or a level's `{milestone: N}` outside 1 to the last",
        ),
        code(
            "missing-title",
            Warning,
            Tree,
            "a (team, track, level) or role that someone holds but the team, which gives titles on that track, gives none for",
        ),
        // Framework and team shapes.
        code("level-order", Error, Tree, "levels out of order on a track"),
        code("no-tracks", Error, Tree, "a framework without tracks"),
        code("no-levels", Error, Tree, "a track without levels"),
        code(
            "steps-zero",
            Error,
            Tree,
            "`steps: 0` or `steps: []`: no steps inside a level",
        ),
        code(
            "extra-title",
            Error,
            Tree,
            "a title with no level to go with",
        ),
        code("empty-title", Error, Tree, "an empty title"),
        code(
            "typical-time-zero",
            Error,
            Tree,
            "a typical time of 0 months",
        ),
        code(
            "missing-expectation",
            Warning,
            Tree,
            "a level that says nothing about one of the factors",
        ),
        code(
            "milestone-goes-down",
            Warning,
            Tree,
            "a level that requires a lower milestone on a factor than a level below it on the track",
        ),
        code(
            "assessment-below-level",
            Warning,
            Tree,
            "a placement assessed on a factor below the milestone its level requires",
        ),
        // The policy.
        code(
            "bad-approver",
            Error,
            Tree,
            "an approver that is no login, `org/team` or role, a mistyped role, or a role where there is no teammate to resolve it for",
        ),
        code(
            "unknown-approver",
            Warning,
            Tree,
            "an approver login that is nobody's GitHub login in the placements",
        ),
        code(
            "unapprovable",
            Error,
            Tree,
            "a change no one could ever approve: its approver falls to the teammate themselves, and the policy names no `fallback` or `owners`",
        ),
        code(
            "unapprovable-by-lead",
            Warning,
            Tree,
            "a promotion opened by the teammate's lead that no one could approve: its approver falls to that lead, with no one to stand in",
        ),
        code(
            "jump-zero",
            Error,
            Tree,
            "`max_level_jump: 0` or `max_step_jump: 0`, which forbids every change",
        ),
        code(
            "pace-q",
            Error,
            Tree,
            "a pace `q` that is not between 0 and 1",
        ),
        code(
            "pace-window",
            Error,
            Tree,
            "a pace window of 0 months, or both `window` and `window_months`",
        ),
        code(
            "pace-tolerance",
            Error,
            Tree,
            "a pace `tolerance` outside 0 to 1",
        ),
        code(
            "pace-calendar",
            Error,
            Tree,
            "`reviews` or `cycles` that are no schedule and no list of month-days (`anniversary` is for `cycles` only)",
        ),
        // Values of the wrong form.
        code(
            "bad-login",
            Error,
            Tree,
            "a GitHub login with characters a login cannot have",
        ),
        code(
            "bad-date",
            Error,
            Tree,
            "a `since:` or a case file's `date:` that is not YYYY-MM-DD",
        ),
        code("empty-name", Error, Tree, "a teammate with an empty `name`"),
        // Pay bands.
        code(
            "bad-currency",
            Error,
            Tree,
            "a pay currency that is not three capital letters (ISO 4217)",
        ),
        code(
            "pay-steps",
            Error,
            Tree,
            "a level's band whose amounts do not match its steps",
        ),
        code(
            "pay-not-rising",
            Warning,
            Tree,
            "amounts that do not rise from step to step, or a level's band that starts no higher than the one below",
        ),
        code(
            "no-pay-band",
            Error,
            Tree,
            "a teammate whose position has no amount in the pay bands",
        ),
        code(
            "unknown-location",
            Error,
            Tree,
            "a `location` with no pay multiplier",
        ),
        code(
            "no-location",
            Error,
            Tree,
            "no `location` where pay is multiplied by location",
        ),
        // What a change needs.
        code(
            "case-missing",
            Error,
            Change,
            "a level up or a track switch (not a lateral one at the same grade) with no case file added or changed in the same change naming the person and the target level (when `case_file_required`)",
        ),
        code(
            "case-mismatch",
            Error,
            Change,
            "the change's case file argues for another level or track",
        ),
        code(
            "internal-only",
            Warning,
            Change,
            "a hire into a level the framework marks `internal_only`, filled only by promotion",
        ),
        code(
            "promoted-below-milestone",
            Warning,
            Change,
            "a level change to a level that requires a milestone the person's assessment does not reach",
        ),
        code(
            "role-entry",
            Error,
            Change,
            "a move into a role from a level outside the role's `entry` range (named)",
        ),
        code(
            "self-promotion",
            Error,
            Change,
            "the author (`--author`, else the head commit's author matched by placement `email`) is the person moved up",
        ),
        code(
            "promotes-own-lead",
            Error,
            Change,
            "the author moves up their own lead or their lead's lead",
        ),
        code(
            "level-jump",
            Error,
            Change,
            "a move of more levels than `max_level_jump`",
        ),
        code(
            "step-jump",
            Error,
            Change,
            "a move of more steps than `max_step_jump`",
        ),
        code(
            "multi-step",
            Notice,
            Change,
            "a move of more than one step or level within the limits",
        ),
        code("demotion", Notice, Change, "a move down: say why in the PR"),
        code(
            "policy-edit",
            Warning,
            Change,
            "the change edits the policy; the owners must approve",
        ),
        code(
            "approval-impossible",
            Error,
            Change,
            "an approval only the person changed or the change's author could give, with no `fallback` or `owners` to stand in",
        ),
        code(
            "approval-collapses",
            Notice,
            Change,
            "two of a change's approvals fall to one person, so one review gives both",
        ),
        code(
            "no-policy-owners",
            Warning,
            Change,
            "the change edits a policy that names no owners, so nobody can approve it",
        ),
        code(
            "framework-strands",
            Error,
            Change,
            "a framework edit leaves teammates it did not touch without a valid position (named)",
        ),
        code(
            "approval-missing",
            Error,
            Change,
            "in the Action: an approval the base policy needs that no review gives, with who could give it",
        ),
        // Pace.
        code(
            "pace",
            Warning,
            Change,
            "a lead the change touches was flagged at the standing pace review",
        ),
        code(
            "pace-alarm",
            Warning,
            Change,
            "the change's own moves take a lead over the live alarm's threshold, or the alarm already stood",
        ),
        code(
            "pace-unavailable",
            Warning,
            Change,
            "pace is not computed from a shallow clone; the change is judged as usual",
        ),
        code(
            "sooner-than-typical",
            Notice,
            Change,
            "a level change sooner than the framework's typical time at the level being left",
        ),
    ]
};
