using EnvOrchestrator.Functions.Hosting;
using Microsoft.Extensions.Configuration;

namespace EnvOrchestrator.Functions.Tests.Hosting;

public sealed class HostPortTests
{
    [Theory]
    [InlineData(null, null, null, "http://localhost:7071")]
    [InlineData(null, "7200", null, "http://localhost:7200")]
    [InlineData("40123", "7200", null, "http://127.0.0.1:40123")]
    [InlineData(null, "7200", "http://0.0.0.0:8080", null)]
    public void ResolveUrl_Settings_PrefersCustomHandlerPortThenExplicitUrlsThenLocalPort(string? handlerPort, string? localPort, string? urls, string? expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [HostPort.CustomHandlerPortKey] = handlerPort,
            [HostPort.LocalHttpPortKey] = localPort,
            ["urls"] = urls,
        }).Build();

        Assert.Equal(expected, HostPort.ResolveUrl(configuration));
    }
}
