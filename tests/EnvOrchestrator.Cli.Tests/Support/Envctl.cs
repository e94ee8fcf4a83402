using Xunit.Abstractions;

namespace EnvOrchestrator.Cli.Tests.Support;

/// <summary>
/// Runs envctl's real command tree in-process, as the tool would run, with captured output and its own config file and
/// variables (never the test process's environment, which parallel tests share).
/// </summary>
internal sealed class Envctl : IDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly string _folder = Directory.CreateTempSubdirectory("envctl-tests-").FullName;

    public Envctl(ITestOutputHelper output, Uri? endpoint, string user = "cli-tests")
    {
        _output = output;
        Variables["ENVCTL_CONFIG"] = ConfigPath;
        Variables["ENVCTL_USER"] = user;
        if (endpoint is not null)
        {
            Variables["ENVCTL_ENDPOINT"] = endpoint.ToString();
        }
    }

    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);

    public string ConfigPath => Path.Combine(_folder, "config.json");

    public async Task<EnvctlResult> RunAsync(params string[] args)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var context = new CliContext
        {
            Out = stdout,
            Error = stderr,
            Environment = name => Variables.GetValueOrDefault(name),
            Interactive = false,
            Width = 200,
            PollInterval = TimeSpan.FromMilliseconds(250),
            RequestTimeout = TimeSpan.FromSeconds(30),
        };

        var code = await Cli.Commands.EnvctlCommand.RunAsync(args, context, cts.Token);

        var result = new EnvctlResult(code, stdout.ToString(), stderr.ToString());
        _output.WriteLine($"$ envctl {string.Join(' ', args)}{Environment.NewLine}{result}");
        return result;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // The temp folder is cleaned by the OS later.
        }
    }
}
