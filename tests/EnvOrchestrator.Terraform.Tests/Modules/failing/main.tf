resource "terraform_data" "broken" {
  provisioner "local-exec" {
    command = "echo boom-marker; exit 3"
  }
}
