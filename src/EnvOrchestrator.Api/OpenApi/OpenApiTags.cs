namespace EnvOrchestrator.Api.OpenApi;

/// <summary>The groups the document shows operations in.</summary>
internal static class OpenApiTags
{
    public const string Templates = "Templates";
    public const string Environments = "Environments";
    public const string Runs = "Runs";
    public const string Audit = "Audit";
    public const string Webhooks = "Webhooks";
    public const string TerraformState = "Terraform state";
    public const string Administration = "Administration";
}
