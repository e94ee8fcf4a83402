namespace EnvOrchestrator.Core.TerraformState;

/// <summary>
/// Basic-auth credentials for one state address, handed to Terraform as <c>TF_HTTP_USERNAME</c>/<c>TF_HTTP_PASSWORD</c>.
/// <see cref="ToString"/> never shows the password.
/// </summary>
public sealed record TerraformStateCredentials(string Username, string Password, DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"TerraformStateCredentials {{ Username = {Username}, ExpiresAt = {ExpiresAt:O} }}";
}
