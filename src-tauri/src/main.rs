fn main() {
    despacho_app::run()
}
