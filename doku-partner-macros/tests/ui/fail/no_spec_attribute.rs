// The derive without `#[doku(spec = "...")]`: the macro cannot know which endpoint is meant.

#[derive(doku_partner::Endpoint)]
pub struct GetBalance;

fn main() {}
