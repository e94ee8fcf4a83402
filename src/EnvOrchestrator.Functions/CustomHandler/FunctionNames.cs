namespace EnvOrchestrator.Functions.CustomHandler;

/// <summary>
/// The trigger functions (folders under <c>FunctionsApp/</c>) besides the HTTP API: the sweep's timer trigger. The
/// Functions host posts an invocation to <c>/{FunctionName}</c>.
/// </summary>
internal static class FunctionNames
{
    /// <summary>The timer trigger (every minute) that runs one pass of the lifecycle's sweep.</summary>
    public const string EnvironmentSweep = "EnvironmentSweep";
}
