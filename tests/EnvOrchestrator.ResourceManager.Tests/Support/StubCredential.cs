using Azure.Core;

namespace EnvOrchestrator.ResourceManager.Tests.Support;

/// <summary>Hands out the token the stub expects (there is no Entra ID here).</summary>
internal sealed class StubCredential : TokenCredential
{
    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new(ResourceManagerStub.Token, DateTimeOffset.UtcNow.AddHours(1));

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
