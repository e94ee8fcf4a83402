using System.Text.Json;
using EnvOrchestrator.Functions.Durable;
using EnvOrchestrator.Lifecycle.Activities;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EnvOrchestrator.Functions.Functions;

/// <summary>
/// One activity function per lifecycle activity, named as the self-hosted worker registers it, each running that very
/// class. Each takes the durable client binding too: activities read and start orchestrations (cancel watch, expiry).
/// </summary>
public static class LifecycleActivityFunctions
{
    [Function(nameof(StartRunActivity))]
    public static Task<object?> StartRun([ActivityTrigger] JsonElement input, [DurableClient] DurableTaskClient client, FunctionContext function) =>
        Run(nameof(StartRunActivity), input, client, function);

    [Function(nameof(PreflightActivity))]
    public static Task<object?> Preflight([ActivityTrigger] JsonElement input, [DurableClient] DurableTaskClient client, FunctionContext function) =>
        Run(nameof(PreflightActivity), input, client, function);

    [Function(nameof(ApplyResourceActivity))]
    public static Task<object?> ApplyResource([ActivityTrigger] JsonElement input, [DurableClient] DurableTaskClient client, FunctionContext function) =>
        Run(nameof(ApplyResourceActivity), input, client, function);

    [Function(nameof(DestroyResourceActivity))]
    public static Task<object?> DestroyResource([ActivityTrigger] JsonElement input, [DurableClient] DurableTaskClient client, FunctionContext function) =>
        Run(nameof(DestroyResourceActivity), input, client, function);

    [Function(nameof(CompleteRunActivity))]
    public static Task<object?> CompleteRun([ActivityTrigger] JsonElement input, [DurableClient] DurableTaskClient client, FunctionContext function) =>
        Run(nameof(CompleteRunActivity), input, client, function);

    [Function(nameof(ReadExpiryActivity))]
    public static Task<object?> ReadExpiry([ActivityTrigger] JsonElement input, [DurableClient] DurableTaskClient client, FunctionContext function) =>
        Run(nameof(ReadExpiryActivity), input, client, function);

    [Function(nameof(WarnExpiryActivity))]
    public static Task<object?> WarnExpiry([ActivityTrigger] JsonElement input, [DurableClient] DurableTaskClient client, FunctionContext function) =>
        Run(nameof(WarnExpiryActivity), input, client, function);

    [Function(nameof(ExpireEnvironmentActivity))]
    public static Task<object?> ExpireEnvironment([ActivityTrigger] JsonElement input, [DurableClient] DurableTaskClient client, FunctionContext function) =>
        Run(nameof(ExpireEnvironmentActivity), input, client, function);

    private static Task<object?> Run(string name, JsonElement input, DurableTaskClient client, FunctionContext function)
    {
        ArgumentNullException.ThrowIfNull(function);
        var services = function.InstanceServices;
        services.GetRequiredService<HostDurableClientBinding>().Bind(client);
        var instanceId = function.BindingContext.BindingData.TryGetValue("instanceId", out var id) ? id?.ToString() ?? "" : "";
        var context = new FunctionActivityContext(new TaskName(name), instanceId);
        return services.GetRequiredService<LifecycleTaskDispatcher>().RunActivityAsync(context, input, services);
    }
}
