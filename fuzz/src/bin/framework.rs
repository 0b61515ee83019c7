fn main() {
    afl::fuzz!(|data: &[u8]| ladder_fuzz::targets::framework(data));
}
