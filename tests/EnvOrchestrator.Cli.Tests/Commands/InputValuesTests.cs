using System.Text.Json.Nodes;
using EnvOrchestrator.Cli.Commands;

namespace EnvOrchestrator.Cli.Tests.Commands;

public sealed class InputValuesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("envctl-inputs-").FullName;

    [Fact(Timeout = 10_000)]
    public async Task ReadAsync_Flags_ParseJsonOrFallBackToString()
    {
        var inputs = await InputValues.ReadAsync(null, ["count=3", "on=true", "name=shop", "version=1.0.0", "quoted=\"007\"", "list=[1,2]"], CancellationToken.None);

        Assert.Equal("""{"count":3,"on":true,"name":"shop","version":"1.0.0","quoted":"007","list":[1,2]}""", inputs!.ToJsonString());
    }

    [Fact(Timeout = 10_000)]
    public async Task ReadAsync_YamlFileAndFlag_TypesPlainScalarsAndFlagWins()
    {
        var file = Path.Combine(_folder, "inputs.yaml");
        await File.WriteAllTextAsync(file, "delay_seconds: 5\nsku: Basic\nzip: \"01234\"\ntags:\n  team: a\nfail: false\n");

        var inputs = await InputValues.ReadAsync(file, ["sku=Standard"], CancellationToken.None);

        Assert.Equal("""{"delay_seconds":5,"sku":"Standard","zip":"01234","tags":{"team":"a"},"fail":false}""", inputs!.ToJsonString());
    }

    [Fact(Timeout = 10_000)]
    public async Task ReadAsync_JsonArrayFile_ExitsTwo()
    {
        var file = Path.Combine(_folder, "inputs.json");
        await File.WriteAllTextAsync(file, "[1]");

        var error = await Assert.ThrowsAsync<CliException>(() => InputValues.ReadAsync(file, [], CancellationToken.None));

        Assert.Equal(ExitCodes.Invalid, error.ExitCode);
    }

    [Fact(Timeout = 10_000)]
    public async Task ReadAsync_FlagWithoutEquals_ExitsTwo()
    {
        var error = await Assert.ThrowsAsync<CliException>(() => InputValues.ReadAsync(null, ["delay"], CancellationToken.None));

        Assert.Equal(ExitCodes.Invalid, error.ExitCode);
        Assert.NotNull(error.Hint);
    }

    [Fact(Timeout = 10_000)]
    public async Task ReadAsync_Nothing_ReturnsNullSoNoInputsAreSent()
    {
        JsonObject? inputs = await InputValues.ReadAsync(null, [], CancellationToken.None);

        Assert.Null(inputs);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
