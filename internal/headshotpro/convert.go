package headshotpro

import (
	"github.com/shotdesk/shotdesk/internal/domain"
)

// Conversions from wire types to domain and package types. null and
// missing both become the zero value: the rest of the app never has to ask
// "absent or null?".

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// firstStr returns the first non-empty value.
func firstStr(ps ...*string) string {
	for _, p := range ps {
		if p != nil && *p != "" {
			return *p
		}
	}
	return ""
}

func toTeam(w wireTeam) domain.Team { return domain.Team{ID: w.ID, Name: w.Name} }

func toTeams(ws []wireTeam) []domain.Team {
	out := make([]domain.Team, 0, len(ws))
	for _, w := range ws {
		out = append(out, toTeam(w))
	}
	return out
}

func toOrganization(w *wireOrganization) domain.Organization {
	return domain.Organization{
		UID:     w.UID,
		Name:    str(w.Name),
		Website: str(w.Website),
		Teams:   toTeams(w.Teams),
	}
}

func toInvite(w wireInvite) domain.Invite {
	return domain.Invite{
		Email:     w.Email,
		Status:    domain.InviteStatus(w.Status),
		ModelID:   str(w.ModelID),
		TeamID:    str(w.TeamID),
		TeamName:  str(w.TeamName),
		CreatedAt: w.CreatedAt.Time,
	}
}

// toMember converts a member; fallback is the status implied by the
// endpoint (the accepted/pending/finished lists omit status).
func toMember(w wireMember, fallback domain.MemberStatus) domain.Member {
	st := domain.MemberStatus(str(w.Status))
	if st == "" {
		st = fallback
	}
	return domain.Member{
		ID:          w.ID,
		Email:       w.Email,
		Name:        str(w.Name),
		Status:      st,
		TeamID:      str(w.TeamID),
		TeamName:    str(w.TeamName),
		ModelID:     str(w.ModelID),
		ModelStatus: domain.ModelStatus(str(w.ModelStatus)),
		JoinedAt:    w.JoinedAt.Time,
	}
}

func toModel(w wireModel) domain.Model {
	return domain.Model{
		ID:            w.ID,
		UID:           str(w.UID),
		Email:         str(w.Email),
		Title:         str(w.Title),
		Status:        domain.ModelStatus(w.Status),
		TeamID:        str(w.TeamID),
		TeamName:      str(w.TeamName),
		IsDevelopment: w.IsDevelopment,
		CreatedAt:     w.CreatedAt.Time,
		FinishedAt:    w.FinishedAt.Time,
	}
}

func toURLs(w wireURLs) PhotoURLs {
	return PhotoURLs{Main: str(w.Main), Thumbnail: str(w.Thumbnail), Original: str(w.Original)}
}

// toPhoto converts a photo; modelID fills ModelID when the server leaves it
// out (list items do; the caller knows which model it asked about).
func toPhoto(w wirePhoto, modelID string) Photo {
	mid := str(w.ModelID)
	if mid == "" {
		mid = modelID
	}
	return Photo{
		Photo: domain.Photo{
			ID:          w.ID,
			ModelID:     mid,
			Status:      domain.PhotoStatus(str(w.Status)),
			LikedStatus: domain.LikedStatus(str(w.LikedStatus)),
			CreatedAt:   w.CreatedAt.Time,
			ExpiresAt:   w.ExpiresAt.Time,
		},
		URLs: toURLs(w.URLs),
	}
}

func toFavorite(w wirePhoto) FavoritePhoto {
	return FavoritePhoto{
		Photo:    toPhoto(w, ""),
		Email:    str(w.Email),
		Name:     firstStr(w.Name, w.Title),
		Title:    firstStr(w.Title, w.Name),
		TeamID:   str(w.TeamID),
		TeamName: str(w.TeamName),
	}
}

func toDownloadItem(w wireDownload) DownloadItem {
	id := w.ID
	if id == "" {
		id = w.PhotoID
	}
	urls := toURLs(w.URLs)
	if urls.Main == "" {
		urls.Main = str(w.URL)
	}
	return DownloadItem{PhotoID: id, URLs: urls}
}

func mapSlice[W, T any](ws []W, f func(W) T) []T {
	out := make([]T, 0, len(ws))
	for _, w := range ws {
		out = append(out, f(w))
	}
	return out
}
