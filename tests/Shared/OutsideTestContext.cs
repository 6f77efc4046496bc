namespace Jamforelse.Tests;

/// <summary>
/// Runs a test host's start and stop outside xunit's synchronization context. A host started on an xunit
/// thread hands that context to its background services, whose continuations are then queued to xunit's
/// few worker threads; WebApplicationFactory stops the host by blocking such a thread (a class fixture's
/// synchronous Dispose), so under load every worker could end up waiting for a continuation only a worker
/// could run: the test host hung at exit (seen in CI and in a stack dump of the hung test host).
/// </summary>
internal static class OutsideTestContext
{
    public static T Run<T>(Func<T> action)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            return action();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    public static void Run(Action action) => Run(() =>
    {
        action();
        return true;
    });
}
