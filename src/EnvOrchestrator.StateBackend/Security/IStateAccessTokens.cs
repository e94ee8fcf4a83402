using EnvOrchestrator.Core.TerraformState;

namespace EnvOrchestrator.StateBackend.Security;

/// <summary>
/// Per-address credentials for Terraform's http backend: a token proves the orchestrator issued it for this one address,
/// until it expires. Nothing is stored per token, so every instance sharing the key validates what another issued.
/// </summary>
internal interface IStateAccessTokens
{
    string Issue(TerraformStateAddress address, DateTimeOffset expiresAt);

    bool Validate(TerraformStateAddress address, string? token);
}
