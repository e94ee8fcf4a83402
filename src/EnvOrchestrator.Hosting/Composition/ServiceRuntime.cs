namespace EnvOrchestrator.Hosting.Composition;

/// <summary>Who runs the task hub under the application: the only thing the two hosts compose differently.</summary>
public enum ServiceRuntime
{
    /// <summary>The service itself: the Durable Task Framework's Azure Storage provider in process, and the sweep on a hosted service.</summary>
    SelfHosted,

    /// <summary>
    /// The Azure Functions host: its Durable extension owns the task hub and dispatches work items to the app's
    /// functions; the sweep is a timer trigger. The Functions app registers the Durable Task worker and client targets.
    /// </summary>
    FunctionsHost,
}
