package app

// JobService starts, cancels and inspects long-running jobs.
type JobService struct {
	app *App
}

// Cancel asks a job to stop.
func (s *JobService) Cancel(jobID string) error {
	return s.app.jobs.Cancel(jobID)
}

// Get returns a job's latest progress and, once it ended, its report.
func (s *JobService) Get(jobID string) (JobSnapshot, error) {
	snap, err := s.app.jobs.Get(jobID)
	if err != nil {
		return JobSnapshot{}, err
	}
	out := JobSnapshot{Progress: snap.Progress}
	if snap.Report != nil {
		r := toJobReport(*snap.Report)
		out.Report = &r
	}
	return out, nil
}
