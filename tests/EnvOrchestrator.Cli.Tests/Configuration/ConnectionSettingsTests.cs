using EnvOrchestrator.Cli.Configuration;

namespace EnvOrchestrator.Cli.Tests.Configuration;

public sealed class ConnectionSettingsTests
{
    [Fact]
    public void Resolve_NothingConfigured_UsesLocalDefaultAndNoUser()
    {
        var settings = ConnectionSettings.Resolve(CliConfig.Empty, null, _ => null, "/cfg.json");

        Assert.Equal(new Uri("http://localhost:7071/"), settings.Endpoint);
        Assert.Equal("default", settings.EndpointSource);
        Assert.Null(settings.User);
    }

    [Fact]
    public void Resolve_OptionVariableAndFile_OptionWinsThenVariable()
    {
        var stored = new CliConfig("http://file:1", "file-user", "file-token");
        var variables = new Dictionary<string, string> { ["ENVCTL_ENDPOINT"] = "http://variable:2", ["ENVCTL_USER"] = "variable-user" };

        var withOption = ConnectionSettings.Resolve(stored, "https://option:3/base", variables.GetValueOrDefault, "/cfg.json");
        var withoutOption = ConnectionSettings.Resolve(stored, null, variables.GetValueOrDefault, "/cfg.json");

        Assert.Equal(new Uri("https://option:3/base/"), withOption.Endpoint);
        Assert.Equal(new Uri("http://variable:2/"), withoutOption.Endpoint);
        Assert.Equal("variable-user", withoutOption.User);
        Assert.Equal(("file-token", "/cfg.json"), (withoutOption.Token, withoutOption.TokenSource));
    }

    [Fact]
    public void Locate_XdgConfigHome_PutsTheFileUnderEnvctl()
    {
        var variables = new Dictionary<string, string> { ["XDG_CONFIG_HOME"] = "/xdg", ["HOME"] = "/home/u" };

        Assert.Equal(Path.GetFullPath("/xdg/envctl/config.json"), Path.GetFullPath(ConfigStore.Locate(variables.GetValueOrDefault).Path));
        Assert.Equal(Path.GetFullPath("/home/u/.config/envctl/config.json"), Path.GetFullPath(ConfigStore.Locate(new Dictionary<string, string> { ["HOME"] = "/home/u" }.GetValueOrDefault).Path));
    }
}
