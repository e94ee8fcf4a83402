using EnvOrchestrator.Functions.Composition;
using Microsoft.Extensions.Configuration;

namespace EnvOrchestrator.Functions.Tests.Composition;

public sealed class StateBackendAddressTests
{
    [Theory]
    [InlineData(null, null, null, "http://127.0.0.1:7071/tfstate")]
    [InlineData("40123", null, null, "http://127.0.0.1:40123/tfstate")]
    [InlineData(null, "http://0.0.0.0:8080;http://+:8081", null, "http://127.0.0.1:8080/tfstate")]
    [InlineData(null, "http://+:8081", null, "http://127.0.0.1:8081/tfstate")]
    [InlineData(null, null, "https://envorch.internal/tfstate", "https://envorch.internal/tfstate")]
    public void Resolve_Settings_PointsTerraformAtThisService(string? handlerPort, string? urls, string? configured, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FUNCTIONS_CUSTOMHANDLER_PORT"] = handlerPort,
            ["urls"] = urls,
        }).Build();

        var url = StateBackendAddress.Resolve(configuration, configured is null ? null : new Uri(configured));

        Assert.Equal(expected, url.ToString());
    }
}
