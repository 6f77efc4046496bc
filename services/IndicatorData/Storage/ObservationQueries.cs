namespace Jamforelse.IndicatorData.Storage;

public sealed class ObservationQueries;
