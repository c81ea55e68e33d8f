// Request samples marked `cut_off` wrongly: a complete JSON file (it is not cut off), and a
// sample both `partial` (completed into JSON) and `cut_off` (stored as the page cut it). Both
// are reported at their spec lines, at once; nothing reaches rustc.

#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/cut_off_sample_mistakes.yaml")]
pub struct CutThing;

fn main() {}
