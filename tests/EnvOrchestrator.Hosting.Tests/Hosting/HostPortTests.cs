using EnvOrchestrator.Hosting.Hosting;
using Microsoft.Extensions.Configuration;

namespace EnvOrchestrator.Hosting.Tests.Hosting;

public sealed class HostPortTests
{
    [Theory]
    [InlineData(null, null, "http://localhost:7071")]
    [InlineData("7200", null, "http://localhost:7200")]
    [InlineData("7200", "http://0.0.0.0:8080", null)]
    public void ResolveUrl_Settings_PrefersExplicitUrlsThenLocalPort(string? localPort, string? urls, string? expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [HostPort.LocalHttpPortKey] = localPort,
            ["urls"] = urls,
        }).Build();

        Assert.Equal(expected, HostPort.ResolveUrl(configuration));
    }
}
