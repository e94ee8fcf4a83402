using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle.Notifications;
using EnvOrchestrator.StateBackend;
using EnvOrchestrator.Terraform;
using EnvOrchestrator.Templates.Loading;
using EnvOrchestrator.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace EnvOrchestrator.Lifecycle.Tests;

/// <summary>
/// The lifecycle as a host composes it, on loopback Kestrel: the state backend Terraform talks to, the Durable Task
/// runtime on the test process's Azurite (a task hub of its own), in-memory stores and real Terraform with the demo
/// catalog plus test templates.
/// </summary>
internal sealed class LifecycleHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _workRoot;

    private LifecycleHost(WebApplication app, string workRoot)
    {
        _app = app;
        _workRoot = workRoot;
    }

    public IServiceProvider Services => _app.Services;

    public IEnvironmentService Service => Services.GetRequiredService<IEnvironmentService>();

    public IEnvironmentStore Environments => Services.GetRequiredService<IEnvironmentStore>();

    public IRunStore Runs => Services.GetRequiredService<IRunStore>();

    public IStepLogStore Logs => Services.GetRequiredService<IStepLogStore>();

    public TerraformStateBackend StateBackend => Services.GetRequiredService<TerraformStateBackend>();

    public RecordingNotifier Notifications => (RecordingNotifier)Services.GetRequiredService<IEnvironmentNotifier>();

    public string WorkRoot => _workRoot;

    /// <param name="services">Last registrations before the build, e.g. a store decorated to fail.</param>
    /// <param name="withPolicies">False drops the demo catalog's policies (no plan rule then applies to any template).</param>
    public static async Task<LifecycleHost> StartAsync(
        ITestOutputHelper output, Action<EnvironmentLifecycleOptions>? configure = null, Action<IServiceCollection>? services = null, bool withPolicies = true)
    {
        var workRoot = Directory.CreateTempSubdirectory("envorch-lifecycle-").FullName;
        var catalogRoot = Path.Combine(workRoot, "catalog");
        TestFolders.CopyDirectory(Path.Combine(RepositoryPaths.Templates, "demo"), catalogRoot);
        TestFolders.CopyDirectory(Path.Combine(AppContext.BaseDirectory, "TestCatalog"), catalogRoot);
        if (!withPolicies)
        {
            Directory.Delete(Path.Combine(catalogRoot, "policies"), recursive: true);
        }

        var loaded = await CatalogLoader.LoadDirectoryAsync(catalogRoot, null, CancellationToken.None);
        Assert.True(loaded.IsValid, string.Join(Environment.NewLine, loaded.Errors));
        var azurite = await AzuriteFixture.SharedAsync();

        // The port goes into the state backend URL, so it is picked before Kestrel binds it (and picked again if taken).
        var app = await FreePorts.StartAsync(port => Build(port, workRoot, catalogRoot, loaded.Catalog, azurite.ConnectionString, output, configure, services), server => server.StartAsync());
        return new LifecycleHost(app, workRoot);
    }

    private static WebApplication Build(
        int port,
        string workRoot,
        string catalogRoot,
        TemplateCatalog catalog,
        string storage,
        ITestOutputHelper output,
        Action<EnvironmentLifecycleOptions>? configure,
        Action<IServiceCollection>? services)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders().AddProvider(new XunitLoggerProvider(output)).SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        var registrations = builder.Services;
        registrations.AddTestTaskHub(storage);
        registrations.AddInMemoryEnvironmentStores();
        registrations.AddSingleton<IEnvironmentNotifier, RecordingNotifier>();
        registrations.AddTerraformRunner(o =>
        {
            o.WorkRoot = Path.Combine(workRoot, "runs");
            o.GracePeriod = TimeSpan.FromSeconds(5);
            o.LockTimeout = TimeSpan.FromSeconds(5);
        });
        registrations.AddTerraformStateBackend(o =>
        {
            o.SigningKey = "test-signing-key-0123456789abcdef0123456789";
            o.Store = TerraformStateStoreKind.InMemory;
        });
        registrations.AddEnvironmentLifecycle(o =>
        {
            o.Catalog = catalog;
            o.CatalogRoot = catalogRoot;
            o.StateBackendUrl = new Uri($"http://127.0.0.1:{port}/tfstate");
            o.CancelPollInterval = TimeSpan.FromMilliseconds(500);
            o.DestroyFirstRetryInterval = TimeSpan.FromSeconds(1);
            o.ApplyFirstRetryInterval = TimeSpan.FromSeconds(1);
            o.ExpirySweepInterval = TimeSpan.FromHours(1);
            o.ExpirySweepGrace = TimeSpan.Zero;
            o.InterruptedLockWait = TimeSpan.FromSeconds(1);
            o.ActiveRunSweepGrace = TimeSpan.Zero;
            o.MinimumTtl = TimeSpan.FromSeconds(1);
            configure?.Invoke(o);
        });
        services?.Invoke(registrations);
        var app = builder.Build();
        app.MapTerraformStateBackend("/tfstate");
        return app;
    }

    /// <summary>Polls until the environment satisfies <paramref name="done"/>.</summary>
    public async Task<EnvironmentRecord> WaitForAsync(EnvironmentId id, Func<EnvironmentRecord, bool> done, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var environment = await Environments.FindAsync(id, cts.Token);
            if (environment is not null && done(environment))
            {
                return environment;
            }

            await Task.Delay(100, cts.Token);
        }
    }

    /// <summary>Polls until no run works on the environment any more and returns it.</summary>
    public Task<EnvironmentRecord> WaitSettledAsync(EnvironmentId id, TimeSpan? timeout = null) =>
        WaitForAsync(id, e => e.CurrentRunId is null && EnvironmentStatusMachine.IsSettled(e.Status), timeout);

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(cts.Token);
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_workRoot, recursive: true);
        }
        catch (IOException)
        {
            // A Terraform child may still hold a file for a moment; the temp folder is cleaned by the OS later.
        }
    }
}

/// <summary>Keeps every notification for assertions.</summary>
internal sealed class RecordingNotifier : IEnvironmentNotifier
{
    private readonly Lock _gate = new();
    private readonly List<EnvironmentNotification> _sent = [];

    public IReadOnlyList<EnvironmentNotification> Sent
    {
        get
        {
            lock (_gate)
            {
                return [.. _sent];
            }
        }
    }

    public Task NotifyAsync(EnvironmentNotification notification, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _sent.Add(notification);
        }

        return Task.CompletedTask;
    }
}
