namespace EnvOrchestrator.Terraform;

/// <summary>
/// The http state backend of one run. Passed to Terraform only through <c>TF_HTTP_*</c> environment variables, never
/// through <c>-backend-config</c> (which writes them in clear text under the data directory).
/// <see cref="ToString"/> never shows the password.
/// </summary>
public sealed record TerraformHttpBackend(Uri Address, string Username, string Password)
{
    public override string ToString() => $"TerraformHttpBackend {{ Address = {Address}, Username = {Username} }}";
}
