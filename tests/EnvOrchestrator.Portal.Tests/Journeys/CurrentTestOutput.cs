using Xunit.Abstractions;

namespace EnvOrchestrator.Portal.Tests.Journeys;

/// <summary>
/// The service lives for the whole test class, its logs go to whichever test is running now.
/// </summary>
internal sealed class CurrentTestOutput : ITestOutputHelper
{
    public ITestOutputHelper? Current { get; set; }

    public void WriteLine(string message) => Write(o => o.WriteLine(message));

    public void WriteLine(string format, params object[] args) => Write(o => o.WriteLine(format, args));

    private void Write(Action<ITestOutputHelper> write)
    {
        if (Current is not { } output)
        {
            return;
        }

        try
        {
            write(output);
        }
        catch (InvalidOperationException)
        {
            // Between tests: the finished test's output is closed.
        }
    }
}
