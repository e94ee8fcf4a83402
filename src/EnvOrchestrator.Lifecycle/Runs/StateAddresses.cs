using System.Security.Cryptography;
using System.Text;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.TerraformState;

namespace EnvOrchestrator.Lifecycle.Runs;

/// <summary>
/// One Terraform state per environment × resource: workspace = project, state = <c>{environment}.{resource}</c>.
/// Names that do not fit the backend's 63 characters get a stable hash instead, so the address never changes.
/// </summary>
internal static class StateAddresses
{
    public static TerraformStateAddress For(EnvironmentId environment, string resource)
    {
        var state = $"{environment.Name.Value}.{resource}";
        if (!TerraformStateAddress.TryCreate(environment.Project.Value, state, out var address))
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(environment + "/" + resource)))[..32];
            address = TerraformStateAddress.Create(environment.Project.Value, $"{environment.Name.Value[..Math.Min(20, environment.Name.Value.Length)]}.{hash}");
        }

        return address;
    }

    public static Uri UrlOf(Uri baseUrl, TerraformStateAddress address) =>
        new(baseUrl.ToString().TrimEnd('/') + "/" + address.Workspace + "/" + address.StateName);

    /// <summary>
    /// The http backend Terraform uses for <paramref name="address"/>, with short-lived credentials for that state only
    /// and, for a run's step, for that run only (a what-if plan has no run).
    /// </summary>
    public static Terraform.TerraformHttpBackend BackendFor(ITerraformStateBackend stateBackend, EnvironmentLifecycleOptions options, TerraformStateAddress address, string? runId)
    {
        ArgumentNullException.ThrowIfNull(stateBackend);
        ArgumentNullException.ThrowIfNull(options);
        var baseUrl = options.StateBackendUrl ?? throw new InvalidOperationException("Lifecycle:StateBackendUrl is not configured.");
        var credentials = runId is null
            ? stateBackend.IssueCredentials(address, options.StateCredentialLifetime)
            : stateBackend.IssueCredentials(address, runId, options.StateCredentialLifetime);
        return new Terraform.TerraformHttpBackend(UrlOf(baseUrl, address), credentials.Username, credentials.Password);
    }
}
