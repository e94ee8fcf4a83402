using System.Text.Json;
using EnvOrchestrator.Cli.Tests.Support;
using EnvOrchestrator.Testing.Service;
using Xunit.Abstractions;

namespace EnvOrchestrator.Cli.Tests.Commands;

/// <summary><c>envctl login</c> and <c>config show</c>: what is stored, and what wins over it.</summary>
public sealed class LoginCommandTests(ServiceFixture service, ITestOutputHelper output) : IClassFixture<ServiceFixture>
{
    [Fact(Timeout = 60_000)]
    public async Task Login_ReachableService_StoresEndpointAndUserUsedByLaterCommands()
    {
        using var envctl = new Envctl(output, endpoint: null);
        envctl.Variables.Remove("ENVCTL_USER");

        var login = await envctl.RunAsync("login", "--endpoint", service.Endpoint.ToString(), "--user", "alice");
        var shown = await envctl.RunAsync("config", "show", "-o", "json");
        var templates = await envctl.RunAsync("templates", "list", "-o", "json");

        Assert.Equal(0, login.ExitCode);
        Assert.Contains("as alice", login.Out, StringComparison.Ordinal);
        using (var stored = JsonDocument.Parse(await File.ReadAllTextAsync(envctl.ConfigPath)))
        {
            Assert.Equal(service.Endpoint.ToString().TrimEnd('/'), stored.RootElement.GetProperty("endpoint").GetString());
            Assert.Equal("alice", stored.RootElement.GetProperty("user").GetString());
            Assert.Equal(JsonValueKind.Null, stored.RootElement.GetProperty("token").ValueKind);
        }

        Assert.Equal("alice", shown.Json.GetProperty("user").GetString());
        Assert.Equal(envctl.ConfigPath, shown.Json.GetProperty("userSource").GetString());
        Assert.Equal(envctl.ConfigPath, shown.Json.GetProperty("endpointSource").GetString());
        Assert.Equal(0, templates.ExitCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task ConfigShow_VariablesSet_WinOverTheFile()
    {
        using var envctl = new Envctl(output, endpoint: null);
        await envctl.RunAsync("login", "--endpoint", service.Endpoint.ToString(), "--user", "alice");
        envctl.Variables["ENVCTL_USER"] = "bob";
        envctl.Variables["ENVCTL_TOKEN"] = "secret-token";

        var shown = await envctl.RunAsync("config", "show", "--endpoint", "http://example.invalid:1234");
        var json = await envctl.RunAsync("config", "show", "-o", "json");

        Assert.Equal(0, shown.ExitCode);
        Assert.Matches(@"endpoint\s*[│|]\s*http://example.invalid:1234\s*[│|]\s*--endpoint", shown.Out);
        Assert.Matches(@"user\s*[│|]\s*bob\s*[│|]\s*ENVCTL_USER", shown.Out);
        Assert.Matches(@"token\s*[│|]\s*\(set\)\s*[│|]\s*ENVCTL_TOKEN", shown.Out);
        Assert.DoesNotContain("secret-token", shown.Out, StringComparison.Ordinal);
        Assert.Equal("bob", json.Json.GetProperty("user").GetString());
    }

    [Fact(Timeout = 60_000)]
    public async Task Login_UnreachableEndpoint_ExitsFiveAndStoresNothing()
    {
        using var envctl = new Envctl(output, endpoint: null);

        var login = await envctl.RunAsync("login", "--endpoint", "http://127.0.0.1:1", "--user", "alice");

        Assert.Equal(5, login.ExitCode);
        Assert.False(File.Exists(envctl.ConfigPath));
    }
}
