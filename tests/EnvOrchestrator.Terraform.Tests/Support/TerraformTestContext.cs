using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace EnvOrchestrator.Terraform.Tests.Support;

/// <summary>A runner and a state backend for one test, with every log line captured.</summary>
internal sealed class TerraformTestContext : IAsyncDisposable
{
    private readonly ILoggerFactory _loggerFactory;

    private TerraformTestContext(LogCapture logs, ILoggerFactory loggerFactory, TestBackend backend, TerraformRunner runner, string workRoot)
    {
        Logs = logs;
        _loggerFactory = loggerFactory;
        Backend = backend;
        Runner = runner;
        WorkRoot = workRoot;
    }

    public LogCapture Logs { get; }

    public TestBackend Backend { get; }

    public TerraformRunner Runner { get; }

    public string WorkRoot { get; }

    public static async Task<TerraformTestContext> StartAsync(ITestOutputHelper output, Action<TerraformRunnerOptions>? configure = null)
    {
        var logs = new LogCapture(output);
        var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        var backend = await TestBackend.StartAsync(logs);
        var workRoot = Path.Combine(Path.GetTempPath(), "envorch-tf-tests", Guid.NewGuid().ToString("N")[..8]);
        var options = new TerraformRunnerOptions { WorkRoot = workRoot, GracePeriod = TimeSpan.FromSeconds(10), LockTimeout = TimeSpan.FromSeconds(5) };
        configure?.Invoke(options);
        var runner = new TerraformRunner(Options.Create(options), TimeProvider.System, loggerFactory.CreateLogger<TerraformRunner>());
        return new TerraformTestContext(logs, loggerFactory, backend, runner, workRoot);
    }

    public static string Module(string name) => Path.Combine(AppContext.BaseDirectory, "Modules", name);

    public async ValueTask DisposeAsync()
    {
        Runner.Dispose();
        await Backend.DisposeAsync();
        _loggerFactory.Dispose();
        if (Directory.Exists(WorkRoot))
        {
            Directory.Delete(WorkRoot, recursive: true);
        }
    }
}
