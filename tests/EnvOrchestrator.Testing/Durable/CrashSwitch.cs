using EnvOrchestrator.Durable.Worker;

namespace EnvOrchestrator.Testing.Durable;

/// <summary>Thrown by a fault hook to stand for a process dying at a protocol step.</summary>
internal sealed class SimulatedCrashException(string message) : Exception(message);

/// <summary>
/// A fault hook that "kills" its worker at one protocol step: the first time the step is reached it throws,
/// and from then on every step throws, so the worker makes no further progress (no cleanup, like a dead process).
/// </summary>
internal sealed class CrashSwitch(ProtocolStep target)
{
    private readonly TaskCompletionSource _fired = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _dead;

    public Task Fired => _fired.Task;

    public void Hook(ProtocolStep step)
    {
        if (Volatile.Read(ref _dead) == 1)
        {
            throw new SimulatedCrashException($"Worker is dead (crashed at {target}); reached {step}.");
        }

        if (step == target && Interlocked.Exchange(ref _dead, 1) == 0)
        {
            _fired.TrySetResult();
            throw new SimulatedCrashException($"Simulated crash at {step}.");
        }
    }
}
