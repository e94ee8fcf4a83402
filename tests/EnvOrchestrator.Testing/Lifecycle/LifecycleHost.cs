using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Events;
using EnvOrchestrator.Lifecycle;
using EnvOrchestrator.Lifecycle.Notifications;
using EnvOrchestrator.StateBackend;
using EnvOrchestrator.StateBackend.Storage;
using EnvOrchestrator.Templates.Loading;
using EnvOrchestrator.Terraform;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;
using Xunit.Abstractions;

namespace EnvOrchestrator.Testing.Lifecycle;

/// <summary>What a test changes in a <see cref="LifecycleHost"/>; the defaults suit the lifecycle tests.</summary>
public sealed record LifecycleHostOptions
{
    /// <summary>Where the host's log goes; null: nowhere.</summary>
    public ITestOutputHelper? Output { get; init; }

    /// <summary>Lifecycle options on top of the host's quick test settings.</summary>
    public Action<EnvironmentLifecycleOptions>? Configure { get; init; }

    /// <summary>Last registrations before the build, e.g. a store decorated to fail, or the API.</summary>
    public Action<IServiceCollection>? Services { get; init; }

    /// <summary>More endpoints beside the state backend (e.g. the API); gets the state backend's route group too.</summary>
    public Action<WebApplication, RouteGroupBuilder>? Map { get; init; }

    /// <summary>False drops the demo catalog's policies (no plan rule then applies to any template).</summary>
    public bool WithPolicies { get; init; } = true;

    /// <summary>The test templates copied over the demo catalog: a folder in the test's output (the project links <c>TestCatalog/</c>).</summary>
    public string TestCatalog { get; init; } = Path.Combine(AppContext.BaseDirectory, "TestCatalog");
}

/// <summary>
/// The lifecycle as a host composes it, on loopback Kestrel: the state backend Terraform talks to, the Durable Task
/// runtime on the test process's Azurite (a task hub of its own), in-memory stores and real Terraform with the demo
/// catalog plus test templates. The API tests add their endpoints through <see cref="LifecycleHostOptions.Map"/>.
/// </summary>
public sealed class LifecycleHost : IAsyncDisposable
{
    private const string SigningKey = "test-signing-key-0123456789abcdef0123456789";

    private readonly WebApplication _app;

    private LifecycleHost(WebApplication app, string workRoot)
    {
        _app = app;
        WorkRoot = workRoot;
    }

    public IServiceProvider Services => _app.Services;

    /// <summary>The first address Kestrel listens on, e.g. <c>http://127.0.0.1:5123</c>.</summary>
    public Uri BaseAddress => new(_app.Urls.First());

    public IEnvironmentService Service => Services.GetRequiredService<IEnvironmentService>();

    public IEnvironmentStore Environments => Services.GetRequiredService<IEnvironmentStore>();

    public IRunStore Runs => Services.GetRequiredService<IRunStore>();

    public IStepLogStore Logs => Services.GetRequiredService<IStepLogStore>();

    /// <summary>The store behind the state backend: a test locks, reads or writes a state through it as Terraform would.</summary>
    public ITerraformStateStore StateStore => Services.GetRequiredService<ITerraformStateStore>();

    public RecordingNotifier Notifications => (RecordingNotifier)Services.GetRequiredService<IEnvironmentNotifier>();

    /// <summary>The lifecycle's events, once per id (a host's own sink registered through <see cref="LifecycleHostOptions.Services"/> replaces it).</summary>
    public RecordingEventSink Events => (RecordingEventSink)Services.GetRequiredService<IEnvironmentEventSink>();

    public string WorkRoot { get; }

    /// <param name="services">Last registrations before the build, e.g. a store decorated to fail.</param>
    /// <param name="withPolicies">False drops the demo catalog's policies (no plan rule then applies to any template).</param>
    public static Task<LifecycleHost> StartAsync(
        ITestOutputHelper output, Action<EnvironmentLifecycleOptions>? configure = null, Action<IServiceCollection>? services = null, bool withPolicies = true) =>
        StartAsync(new LifecycleHostOptions { Output = output, Configure = configure, Services = services, WithPolicies = withPolicies });

    public static async Task<LifecycleHost> StartAsync(LifecycleHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var workRoot = Directory.CreateTempSubdirectory("envorch-lifecycle-").FullName;
        var catalogRoot = Path.Combine(workRoot, "catalog");
        TestFolders.CopyDirectory(Path.Combine(RepositoryPaths.Templates, "demo"), catalogRoot);
        TestFolders.CopyDirectory(options.TestCatalog, catalogRoot);
        if (!options.WithPolicies)
        {
            Directory.Delete(Path.Combine(catalogRoot, "policies"), recursive: true);
        }

        var loaded = await CatalogLoader.LoadDirectoryAsync(catalogRoot, null, CancellationToken.None);
        Assert.True(loaded.IsValid, string.Join(Environment.NewLine, loaded.Errors));
        var azurite = await AzuriteFixture.SharedAsync();

        // The port goes into the state backend URL, so it is picked before Kestrel binds it (and picked again if taken).
        var app = await FreePorts.StartAsync(port => Build(port, workRoot, catalogRoot, loaded.Catalog, azurite.ConnectionString, options), server => server.StartAsync());
        return new LifecycleHost(app, workRoot);
    }

    private static WebApplication Build(int port, string workRoot, string catalogRoot, TemplateCatalog catalog, string storage, LifecycleHostOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        if (options.Output is { } output)
        {
            builder.Logging.AddProvider(new XunitLoggerProvider(output)).SetMinimumLevel(LogLevel.Information);
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        }

        var registrations = builder.Services;
        registrations.AddTestTaskHub(storage);
        registrations.AddInMemoryEnvironmentStores();
        registrations.AddSingleton<IEnvironmentNotifier, RecordingNotifier>();
        registrations.AddSingleton<IEnvironmentEventSink, RecordingEventSink>();
        registrations.AddTerraformRunner(o =>
        {
            o.WorkRoot = Path.Combine(workRoot, "runs");
            o.GracePeriod = TimeSpan.FromSeconds(5);
            o.LockTimeout = TimeSpan.FromSeconds(5);
        });
        registrations.AddTerraformStateBackend(o =>
        {
            o.SigningKey = SigningKey;
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
            options.Configure?.Invoke(o);
        });
        options.Services?.Invoke(registrations);
        var app = builder.Build();
        var stateBackend = app.MapTerraformStateBackend("/tfstate");
        options.Map?.Invoke(app, stateBackend);
        return app;
    }

    /// <summary>Polls until the environment satisfies <paramref name="done"/>.</summary>
    public async Task<EnvironmentRecord> WaitForAsync(EnvironmentId id, Func<EnvironmentRecord, bool> done, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(done);
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
            Directory.Delete(WorkRoot, recursive: true);
        }
        catch (IOException)
        {
            // A Terraform child may still hold a file for a moment; the temp folder is cleaned by the OS later.
        }
    }
}
