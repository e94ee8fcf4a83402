using EnvOrchestrator.Hosting.Composition;
using Microsoft.Extensions.Configuration;

namespace EnvOrchestrator.Hosting.Tests.Composition;

public sealed class StateBackendAddressTests
{
    [Theory]
    [InlineData(null, null, null, "http://127.0.0.1:7071/tfstate")]
    [InlineData("envorch-prod.azurewebsites.net", null, null, "https://envorch-prod.azurewebsites.net/tfstate")]
    [InlineData(null, "http://0.0.0.0:8080;http://+:8081", null, "http://127.0.0.1:8080/tfstate")]
    [InlineData(null, "http://+:8081", null, "http://127.0.0.1:8081/tfstate")]
    [InlineData("envorch-prod.azurewebsites.net", null, "https://envorch.internal/tfstate", "https://envorch.internal/tfstate")]
    public void Resolve_Settings_PointsTerraformAtThisService(string? appHostName, string? urls, string? configured, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [StateBackendAddress.AppHostNameKey] = appHostName,
            ["urls"] = urls,
        }).Build();

        var url = StateBackendAddress.Resolve(configuration, configured is null ? null : new Uri(configured));

        Assert.Equal(expected, url.ToString());
    }
}
