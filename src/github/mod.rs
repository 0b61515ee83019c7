//! The GitHub Action's side of ladder: the runner's event, real reviews checked against the
//! approvals a change needs, and what a workflow step can say back (annotations, the job summary,
//! outputs, the sticky comment's body). Everything that talks to GitHub's API stays here.

pub mod api;
pub mod approval;
pub mod ci;
pub mod event;
pub mod gitdata;
pub mod publish;
pub mod rehearse;
pub mod workflow;
