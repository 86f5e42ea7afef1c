/* Applies the reader's saved light/dark choice before the page paints. */
try{var t=localStorage.getItem("placebook-theme");if(t==="dark"||t==="light")document.documentElement.setAttribute("data-theme",t);}catch(e){}
