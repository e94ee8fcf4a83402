using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Functions.Durable;

/// <summary>
/// Runs a lifecycle orchestrator or activity by its task name, created by the SDK's factory from the same registry
/// the self-hosted worker uses. Inputs arrive as JSON and are read into the class's own input type with the worker's
/// data converter, the one the Durable extension serialises them with.
/// </summary>
internal sealed class LifecycleTaskDispatcher(IOptionsMonitor<DurableTaskWorkerOptions> options)
{
    private IDurableTaskFactory? _factory;

    private DataConverter Converter => options.Get(Options.DefaultName).DataConverter;

    private IDurableTaskFactory Factory => _factory
        ?? throw new InvalidOperationException("The Durable Task worker has not started: the lifecycle's tasks are not registered yet.");

    public void Use(IDurableTaskFactory factory) => _factory = factory;

    public async Task<object?> RunOrchestratorAsync(TaskOrchestrationContext context, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!Factory.TryCreateOrchestrator(context.Name, services, out var orchestrator))
        {
            throw new InvalidOperationException($"Orchestrator '{context.Name}' is not registered with the lifecycle.");
        }

        var input = Read(context.GetInput<JsonElement?>(), orchestrator.InputType);
        return await orchestrator.RunAsync(context, input).ConfigureAwait(true);
    }

    public async Task<object?> RunActivityAsync(TaskActivityContext context, JsonElement input, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!Factory.TryCreateActivity(context.Name, services, out var activity))
        {
            throw new InvalidOperationException($"Activity '{context.Name}' is not registered with the lifecycle.");
        }

        return await activity.RunAsync(context, Read(input, activity.InputType)).ConfigureAwait(false);
    }

    private object? Read(JsonElement? json, Type type) =>
        json is not { ValueKind: not (JsonValueKind.Undefined or JsonValueKind.Null) } value
            ? null
            : Converter.Deserialize(value.GetRawText(), type);
}
