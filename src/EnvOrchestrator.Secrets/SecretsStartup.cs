using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Secrets;

/// <summary>
/// Runs <see cref="KeyRingCheck"/> in the host's "starting" phase. A missing or wrong KEK stops the start-up with an
/// <see cref="OptionsValidationException"/> that says what to set (hosts print its message without a stack trace).
/// Register it after the services that must fail first (authentication) and after the one that starts a local emulator.
/// </summary>
internal sealed class SecretsStartup(KeyRingCheck check) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await check.VerifyAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SecretsConfigurationException e)
        {
            throw new OptionsValidationException(SecretsOptions.SectionName, typeof(SecretsOptions), [e.Message]);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
