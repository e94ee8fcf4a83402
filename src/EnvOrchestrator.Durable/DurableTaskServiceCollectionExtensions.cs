using EnvOrchestrator.Durable.Backend;
using EnvOrchestrator.Durable.InMemory;
using EnvOrchestrator.Durable.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Durable;

/// <summary>Configures a durable task worker: its tasks and options.</summary>
public interface IDurableTaskWorkerBuilder
{
    IServiceCollection Services { get; }

    IDurableTaskWorkerBuilder AddTasks(Action<DurableTaskRegistry> configure);

    IDurableTaskWorkerBuilder Configure(Action<DurableTaskWorkerOptions> configure);
}

/// <summary>Registration in the style of durabletask-dotnet. A backend (<see cref="IOrchestrationBackend"/>) is registered separately.</summary>
public static class DurableTaskServiceCollectionExtensions
{
    /// <summary>Adds the engine (<see cref="DurableTaskEngine"/>) and a hosted worker that polls the task hub's queues.</summary>
    public static IServiceCollection AddDurableTaskWorker(this IServiceCollection services, Action<IDurableTaskWorkerBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = AddDurableTaskEngine(services);
        configure(builder);
        services.AddHostedService<DurableTaskWorkerService>();
        return services;
    }

    /// <summary>Adds the engine without the poller, for hosts that deliver queue messages themselves.</summary>
    public static IDurableTaskWorkerBuilder AddDurableTaskEngine(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = new WorkerBuilder(services);
        AddCommon(services);
        services.TryAddSingleton(builder.Registry);
        services.AddOptions<DurableTaskWorkerOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DurableTaskWorkerOptions>, DurableTaskWorkerOptionsValidator>());
        services.TryAddSingleton(sp => new DurableTaskEngine(
            sp.GetRequiredService<IOrchestrationBackend>(),
            sp.GetRequiredService<DurableTaskRegistry>(),
            sp,
            sp.GetRequiredService<IOptions<DurableTaskWorkerOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance,
            sp.GetRequiredService<WorkSignal>()));
        return builder;
    }

    public static IServiceCollection AddDurableTaskClient(this IServiceCollection services)
    {
        AddCommon(services);
        services.TryAddSingleton(sp => new DurableTaskClient(
            sp.GetRequiredService<IOrchestrationBackend>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<WorkSignal>()));
        return services;
    }

    /// <summary>Registers a process-local backend (tests, demos, single-process hosting without persistence).</summary>
    public static IServiceCollection AddInMemoryOrchestrationBackend(this IServiceCollection services, string taskHub = "inmemory", int partitionCount = 4)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IOrchestrationBackend>(sp => new InMemoryOrchestrationBackend(taskHub, partitionCount, sp.GetService<TimeProvider>()));
        return services;
    }

    private static void AddCommon(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<WorkSignal>();
    }

    private sealed class WorkerBuilder(IServiceCollection services) : IDurableTaskWorkerBuilder
    {
        public IServiceCollection Services { get; } = services;

        public DurableTaskRegistry Registry { get; } = new();

        public IDurableTaskWorkerBuilder AddTasks(Action<DurableTaskRegistry> configure)
        {
            ArgumentNullException.ThrowIfNull(configure);
            configure(Registry);
            return this;
        }

        public IDurableTaskWorkerBuilder Configure(Action<DurableTaskWorkerOptions> configure)
        {
            Services.Configure(configure);
            return this;
        }
    }
}
