using EnvOrchestrator.Core.TerraformState;

namespace EnvOrchestrator.StateBackend.Security;

/// <summary>
/// Per-address credentials for Terraform's http backend: a token proves the orchestrator issued it for this one address
/// (and, when it names one, for one run), until it expires. Nothing is stored per token, so every instance sharing the
/// key validates what another issued.
/// </summary>
internal interface IStateAccessTokens
{
    /// <param name="run">The run the token is for; empty for an address-only token (a what-if plan).</param>
    string Issue(TerraformStateAddress address, string run, DateTimeOffset expiresAt);

    /// <param name="run">The run the token names (empty for none) when it is valid.</param>
    bool Validate(TerraformStateAddress address, string? token, out string run);
}
