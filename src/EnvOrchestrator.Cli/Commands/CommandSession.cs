using EnvOrchestrator.Cli.Configuration;
using EnvOrchestrator.Cli.Http;
using EnvOrchestrator.Cli.Rendering;
using Spectre.Console;

namespace EnvOrchestrator.Cli.Commands;

/// <summary>What one command works with: its consoles, the output format, the settings and (made on first use) the API.</summary>
internal sealed class CommandSession(CliContext context, OutputFormat output, string? endpointOption) : IDisposable
{
    private ApiClient? _api;
    private ConnectionSettings? _settings;

    public CliContext Context { get; } = context;

    public bool Json { get; } = output == OutputFormat.Json;

    public string? EndpointOption { get; } = endpointOption;

    public IAnsiConsole Console { get; } = Consoles.Create(context.Out, context);

    public ConfigStore Store { get; } = ConfigStore.Locate(context.Environment);

    public async Task<ConnectionSettings> SettingsAsync(CancellationToken cancellationToken) =>
        _settings ??= ConnectionSettings.Resolve(await Store.LoadAsync(cancellationToken), EndpointOption, Context.Environment, Store.Path);

    public async Task<ApiClient> ApiAsync(CancellationToken cancellationToken) =>
        _api ??= new ApiClient(await SettingsAsync(cancellationToken), Context.RequestTimeout);

    /// <summary>Writes the API's JSON as it came, bypassing the console so nothing wraps or escapes it.</summary>
    public void WriteJson(string json) => Context.Out.WriteLine(json);

    public void Dispose() => _api?.Dispose();
}
